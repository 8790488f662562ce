/** Replay of stored LLM calls: the request rebuilt, overridden, mapped to a provider; replies read or simulated. */
export type {
  LlmRequest,
  ChatMessage,
  ToolCall,
  ToolDefinition,
  ToolChoice,
  ResponseFormat,
  RequestParameters,
  ProviderRequest,
} from './request.js';
export { ReplayError, type ReplayErrorCode } from './errors.js';
export {
  rebuildRequest,
  storedTurns,
  FLATTENED_TOOL_RESULT_PREFIX,
  type StoredCall,
  type RebuiltRequest,
  type RebuildWarning,
} from './rebuild-request.js';
export { readRequestParameters, REQUEST_PARAMETER_SOURCES } from './request-parameters.js';
export { toolDefinitionOf, toolDefinitionsOf, toolChoiceOf } from './tool-definitions.js';
export { asResponseFormat, asStopSequences } from './parameter-values.js';
export { applyOverrides, fillPromptTemplate, type ReplayOverrides } from './overrides.js';
export { renderRequestPrompt, lastUserInput } from './render-request.js';
export { REPLAYABLE_OPERATIONS } from './replayable.js';
export {
  toOpenAiChatRequest,
  OPENAI_MAX_STOP_SEQUENCES,
  type OpenAiChatRequest,
  type OpenAiChatMessage,
  type OpenAiToolCall,
  type OpenAiFunctionTool,
  type OpenAiToolChoice,
  type OpenAiResponseFormat,
} from './openai-request.js';
export {
  toAnthropicMessagesRequest,
  DEFAULT_ANTHROPIC_MAX_TOKENS,
  type AnthropicMessagesRequest,
  type AnthropicMessage,
  type AnthropicContentBlock,
  type AnthropicTool,
  type AnthropicToolChoice,
} from './anthropic-request.js';
export type { ProviderReply, ReplyUsage } from './provider-reply.js';
export { readOpenAiChatResponse } from './openai-response.js';
export { readAnthropicResponse } from './anthropic-response.js';
export { simulateResponse, type SimulationSource, type SimulatedReply, type SimulationOptions } from './simulate.js';
export { retryDelayMs, retryAfterMs, type RetryDelayOptions } from './retry.js';
export { sampleReproducibly } from './sample.js';
export { seedHash, seededRandom } from './seeded-random.js';

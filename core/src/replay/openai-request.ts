/**
 * A neutral request as the body of OpenAI `POST /v1/chat/completions`
 * (non-streaming). The types mirror the `openai` package's
 * `ChatCompletionCreateParamsNonStreaming` for the fields we send; the test in
 * test/llm-stand-in.test.ts assigns our body to the SDK's type to keep them in step.
 */
import { ReplayError } from './errors.js';
import type { ChatMessage, LlmRequest, ProviderRequest, ResponseFormat, ToolChoice, ToolDefinition } from './request.js';

export interface OpenAiToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export type OpenAiChatMessage =
  | { role: 'system'; content: string }
  | { role: 'user'; content: string }
  | { role: 'assistant'; content: string | null; tool_calls?: OpenAiToolCall[] }
  | { role: 'tool'; content: string; tool_call_id: string };

export interface OpenAiFunctionTool {
  type: 'function';
  function: { name: string; description?: string; parameters: { [key: string]: unknown } };
}

export type OpenAiToolChoice = 'auto' | 'none' | 'required' | { type: 'function'; function: { name: string } };

export type OpenAiResponseFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | { type: 'json_schema'; json_schema: { name: string; schema: { [key: string]: unknown }; strict?: boolean } };

export interface OpenAiChatRequest {
  model: string;
  messages: OpenAiChatMessage[];
  temperature?: number;
  /** the current name of the output limit; the older `max_tokens` is refused by reasoning models */
  max_completion_tokens?: number;
  top_p?: number;
  stop?: string[];
  frequency_penalty?: number;
  presence_penalty?: number;
  seed?: number;
  tools?: OpenAiFunctionTool[];
  tool_choice?: OpenAiToolChoice;
  response_format?: OpenAiResponseFormat;
}

/** OpenAI accepts at most four stop sequences. */
export const OPENAI_MAX_STOP_SEQUENCES = 4;

function openAiMessage(message: ChatMessage): OpenAiChatMessage {
  switch (message.role) {
    case 'user':
      return { role: 'user', content: message.content };
    case 'tool':
      return { role: 'tool', content: message.content, tool_call_id: message.toolCallId };
    case 'assistant': {
      const calls = message.toolCalls ?? [];
      if (calls.length === 0) return { role: 'assistant', content: message.content };
      return {
        role: 'assistant',
        content: message.content === '' ? null : message.content,
        tool_calls: calls.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } })),
      };
    }
  }
}

function openAiTool(tool: ToolDefinition): OpenAiFunctionTool {
  const fn = tool.description === undefined ? { name: tool.name, parameters: tool.parameters } : { name: tool.name, description: tool.description, parameters: tool.parameters };
  return { type: 'function', function: fn };
}

function openAiToolChoice(choice: ToolChoice): OpenAiToolChoice {
  return typeof choice === 'string' ? choice : { type: 'function', function: { name: choice.name } };
}

function openAiResponseFormat(format: ResponseFormat): OpenAiResponseFormat {
  if (format.type !== 'json_schema') return { type: format.type };
  const spec = { name: format.name, schema: format.schema, ...(format.strict === undefined ? {} : { strict: format.strict }) };
  return { type: 'json_schema', json_schema: spec };
}

/**
 * The OpenAI Chat Completions body of a request: the system prompt as the first
 * (`system`) message, assistant tool calls as `tool_calls`, tool results as
 * `role: "tool"` messages, the output limit as `max_completion_tokens`.
 * Dropped (OpenAI has no such parameter): `topK`; stop sequences past the fourth.
 * Throws `ReplayError('not_replayable')` when the request names no model.
 */
export function toOpenAiChatRequest(request: LlmRequest): ProviderRequest<OpenAiChatRequest> {
  if (request.model === '') throw new ReplayError('not_replayable', 'the request names no model');
  const dropped: string[] = [];
  const messages: OpenAiChatMessage[] = request.system === null ? [] : [{ role: 'system', content: request.system }];
  messages.push(...request.messages.map(openAiMessage));
  const body: OpenAiChatRequest = { model: request.model, messages };
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.maxTokens !== undefined) body.max_completion_tokens = request.maxTokens;
  if (request.topP !== undefined) body.top_p = request.topP;
  if (request.topK !== undefined) dropped.push('topK');
  if (request.stop !== undefined) {
    body.stop = request.stop.slice(0, OPENAI_MAX_STOP_SEQUENCES);
    if (request.stop.length > OPENAI_MAX_STOP_SEQUENCES) dropped.push('stop (past the fourth sequence)');
  }
  if (request.frequencyPenalty !== undefined) body.frequency_penalty = request.frequencyPenalty;
  if (request.presencePenalty !== undefined) body.presence_penalty = request.presencePenalty;
  if (request.seed !== undefined) body.seed = request.seed;
  if (request.tools !== undefined && request.tools.length > 0) body.tools = request.tools.map(openAiTool);
  if (request.toolChoice !== undefined) body.tool_choice = openAiToolChoice(request.toolChoice);
  if (request.responseFormat !== undefined) body.response_format = openAiResponseFormat(request.responseFormat);
  return { body, dropped };
}

/**
 * The span attribute keys the SDK writes: the current OpenTelemetry gen_ai semantic
 * conventions, the generic `user.id` / `session.id`, and Lumina's own `lumina.*` keys
 * and bare price keys (read by Lumina's processors, ignored by other backends).
 */
export const GEN_AI = {
  providerName: 'gen_ai.provider.name',
  operationName: 'gen_ai.operation.name',
  requestModel: 'gen_ai.request.model',
  responseModel: 'gen_ai.response.model',
  responseId: 'gen_ai.response.id',
  finishReasons: 'gen_ai.response.finish_reasons',
  inputTokens: 'gen_ai.usage.input_tokens',
  outputTokens: 'gen_ai.usage.output_tokens',
  cacheReadInputTokens: 'gen_ai.usage.cache_read.input_tokens',
  cacheCreationInputTokens: 'gen_ai.usage.cache_creation.input_tokens',
  reasoningOutputTokens: 'gen_ai.usage.reasoning.output_tokens',
  inputMessages: 'gen_ai.input.messages',
  outputMessages: 'gen_ai.output.messages',
  systemInstructions: 'gen_ai.system_instructions',
} as const;

/** Keys Lumina reads beside the semantic conventions. */
export const LUMINA = {
  /** `llm` or `workflow`: marks the span for the collector's LLM selection (`lumina.*`). */
  spanKind: 'lumina.span.kind',
  tags: 'lumina.tags',
  metadataPrefix: 'lumina.metadata.',
  timeToFirstTokenMs: 'lumina.time_to_first_token_ms',
  /** USD per prompt token; overrides the platform's price table for this span. */
  costPerPromptToken: 'cost_per_prompt_token',
  /** USD per completion token; overrides the platform's price table for this span. */
  costPerCompletionToken: 'cost_per_completion_token',
} as const;

/** Generic keys of the OpenTelemetry semantic conventions. */
export const GENERAL = {
  userId: 'user.id',
  sessionId: 'session.id',
  errorType: 'error.type',
} as const;

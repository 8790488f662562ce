/** What a provider answered, in one shape for every provider. */
import type { ToolCall } from './request.js';

/** Token usage as the semconv counts it: prompt tokens include cache reads and writes. Null when not reported. */
export interface ReplyUsage {
  promptTokens: number | null;
  completionTokens: number | null;
  /** the part of promptTokens read from the prompt cache */
  cachedPromptTokens: number | null;
  /** the part of promptTokens written to the prompt cache (Anthropic) */
  cacheWritePromptTokens: number | null;
}

export interface ProviderReply {
  /** the text of the answer (refusal text when the model refused); '' when it only called tools */
  text: string;
  /** canonical finish reason (normalize/finish-reason.ts vocabulary: stop, length, tool_calls, …) */
  finishReason: string | null;
  /** the provider's own word for it (`end_turn`, `stop`, …) */
  providerFinishReason: string | null;
  usage: ReplyUsage;
  /** the model that answered, as the provider names it */
  model: string | null;
  toolCalls: ToolCall[];
}

/** Anthropic `messages.create` results (`Message`) as an {@link LlmCallResult}. */
import type { LlmCallResult } from './call-result.js';
import { semconvFinishReason, tokenCount } from './call-result.js';
import { contentParts } from './message-parts.js';

/** The fields of Anthropic's `Message` the SDK reads (see `@anthropic-ai/sdk` `Message`). */
export interface AnthropicMessageLike {
  type: 'message';
  id?: string;
  model?: string;
  role?: string;
  content: unknown[];
  stop_reason?: string | null;
  usage?: {
    input_tokens?: number | null;
    output_tokens?: number | null;
    cache_read_input_tokens?: number | null;
    cache_creation_input_tokens?: number | null;
  } | null;
}

/** True for an Anthropic `Message`. */
export function isAnthropicMessage(value: unknown): value is AnthropicMessageLike {
  const v = value as AnthropicMessageLike;
  return v?.type === 'message' && Array.isArray(v.content);
}

/**
 * Anthropic counts cache reads and writes apart from `input_tokens`; the semantic
 * conventions count them inside the input, so they are added back.
 */
export function readAnthropicMessage(message: AnthropicMessageLike): LlmCallResult {
  const usage = message.usage ?? {};
  const uncached = tokenCount(usage.input_tokens);
  const cacheRead = tokenCount(usage.cache_read_input_tokens);
  const cacheWrite = tokenCount(usage.cache_creation_input_tokens);
  const inputTokens = uncached === undefined ? undefined : uncached + (cacheRead ?? 0) + (cacheWrite ?? 0);
  const stopReason = message.stop_reason ?? undefined;
  return {
    responseModel: message.model,
    responseId: message.id,
    inputTokens,
    outputTokens: tokenCount(usage.output_tokens),
    cacheReadInputTokens: cacheRead,
    cacheCreationInputTokens: cacheWrite,
    finishReasons: stopReason === undefined ? undefined : [stopReason],
    outputMessages: [
      {
        role: message.role ?? 'assistant',
        parts: contentParts(message.content),
        ...(stopReason === undefined ? {} : { finish_reason: semconvFinishReason(stopReason) }),
      },
    ],
  };
}

/** OpenAI `chat.completions.create` results (`ChatCompletion`) as an {@link LlmCallResult}. */
import type { LlmCallResult } from './call-result.js';
import { semconvFinishReason, tokenCount } from './call-result.js';
import { parseJsonOrKeep, type MessagePart, type SemconvMessage } from './message-parts.js';

/** OpenAI `CompletionUsage`, as far as the SDK reads it. */
export interface OpenAiCompletionUsage {
  prompt_tokens?: number;
  completion_tokens?: number;
  prompt_tokens_details?: { cached_tokens?: number; cache_write_tokens?: number } | null;
  completion_tokens_details?: { reasoning_tokens?: number } | null;
}

/** The fields of OpenAI's `ChatCompletion` the SDK reads. */
export interface OpenAiChatCompletionLike {
  object: 'chat.completion';
  id?: string;
  model?: string;
  choices: {
    index?: number;
    finish_reason?: string | null;
    message?: {
      role?: string;
      content?: string | null;
      refusal?: string | null;
      tool_calls?: { id?: string; type?: string; function?: { name?: string; arguments?: string } }[] | null;
    };
  }[];
  usage?: OpenAiCompletionUsage | null;
}

/** True for an OpenAI `ChatCompletion`. */
export function isOpenAiChatCompletion(value: unknown): value is OpenAiChatCompletionLike {
  const v = value as OpenAiChatCompletionLike;
  return v?.object === 'chat.completion' && Array.isArray(v.choices);
}

function choiceMessage(choice: OpenAiChatCompletionLike['choices'][number]): SemconvMessage {
  const message = choice.message ?? {};
  const parts: MessagePart[] = [];
  if (message.content) parts.push({ type: 'text', content: message.content });
  if (message.refusal) parts.push({ type: 'refusal', content: message.refusal });
  for (const call of message.tool_calls ?? []) {
    const args = call.function?.arguments;
    parts.push({ type: 'tool_call', id: call.id, name: call.function?.name ?? '', arguments: args === undefined ? undefined : parseJsonOrKeep(args) });
  }
  const reason = choice.finish_reason ?? undefined;
  return { role: message.role ?? 'assistant', parts, ...(reason === undefined ? {} : { finish_reason: semconvFinishReason(reason) }) };
}

/** Usage of chat completions and legacy completions (prompt tokens include cached ones). */
export function readOpenAiUsage(usage: OpenAiCompletionUsage | null | undefined): LlmCallResult {
  if (!usage) return {};
  return {
    inputTokens: tokenCount(usage.prompt_tokens),
    outputTokens: tokenCount(usage.completion_tokens),
    cacheReadInputTokens: tokenCount(usage.prompt_tokens_details?.cached_tokens),
    cacheCreationInputTokens: tokenCount(usage.prompt_tokens_details?.cache_write_tokens),
    reasoningOutputTokens: tokenCount(usage.completion_tokens_details?.reasoning_tokens),
  };
}

/** A `ChatCompletion`: every choice becomes one output message. */
export function readOpenAiChatCompletion(completion: OpenAiChatCompletionLike): LlmCallResult {
  const reasons = completion.choices.map((choice) => choice.finish_reason).filter((r): r is string => typeof r === 'string');
  return {
    responseModel: completion.model,
    responseId: completion.id,
    ...readOpenAiUsage(completion.usage),
    finishReasons: reasons.length > 0 ? reasons : undefined,
    outputMessages: completion.choices.map(choiceMessage),
  };
}

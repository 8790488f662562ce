/** OpenAI `responses.create` results (`Response`) as an {@link LlmCallResult}. */
import type { LlmCallResult } from './call-result.js';
import { semconvFinishReason, tokenCount } from './call-result.js';
import { contentParts, parseJsonOrKeep, type MessagePart } from './message-parts.js';

/** The fields of OpenAI's `Response` the SDK reads. */
export interface OpenAiResponseLike {
  object: 'response';
  id?: string;
  model?: string;
  status?: string;
  incomplete_details?: { reason?: string } | null;
  error?: { code?: string; message?: string } | null;
  output: { type: string; role?: string; content?: unknown[]; name?: string; call_id?: string; arguments?: string; summary?: { text?: string }[] }[];
  usage?: {
    input_tokens?: number;
    output_tokens?: number;
    input_tokens_details?: { cached_tokens?: number; cache_write_tokens?: number } | null;
    output_tokens_details?: { reasoning_tokens?: number } | null;
  } | null;
}

/** True for an OpenAI `Response`. */
export function isOpenAiResponse(value: unknown): value is OpenAiResponseLike {
  const v = value as OpenAiResponseLike;
  return v?.object === 'response' && Array.isArray(v.output);
}

/** The Responses API has a status instead of a finish reason: this is its finish reason. */
function finishReason(response: OpenAiResponseLike, hasToolCall: boolean): string | undefined {
  if (response.status === 'incomplete') return response.incomplete_details?.reason ?? 'length';
  if (response.status === 'failed') return 'error';
  if (response.status === 'completed') return hasToolCall ? 'tool_calls' : 'stop';
  return undefined;
}

function outputParts(output: OpenAiResponseLike['output']): MessagePart[] {
  const parts: MessagePart[] = [];
  for (const item of output) {
    if (item.type === 'message') parts.push(...contentParts(item.content));
    else if (item.type === 'function_call') {
      parts.push({ type: 'tool_call', id: item.call_id, name: item.name ?? '', arguments: parseJsonOrKeep(item.arguments ?? '') });
    } else if (item.type === 'reasoning') {
      const text = (item.summary ?? []).map((s) => s.text ?? '').join('\n');
      if (text !== '') parts.push({ type: 'reasoning', content: text });
    } else parts.push({ ...item, type: item.type });
  }
  return parts;
}

/** A `Response`: its output items become one assistant message. */
export function readOpenAiResponse(response: OpenAiResponseLike): LlmCallResult {
  const parts = outputParts(response.output);
  const reason = finishReason(response, parts.some((part) => part.type === 'tool_call'));
  const usage = response.usage;
  return {
    responseModel: response.model,
    responseId: response.id,
    inputTokens: tokenCount(usage?.input_tokens),
    outputTokens: tokenCount(usage?.output_tokens),
    cacheReadInputTokens: tokenCount(usage?.input_tokens_details?.cached_tokens),
    cacheCreationInputTokens: tokenCount(usage?.input_tokens_details?.cache_write_tokens),
    reasoningOutputTokens: tokenCount(usage?.output_tokens_details?.reasoning_tokens),
    finishReasons: reason === undefined ? undefined : [reason],
    outputMessages: [{ role: 'assistant', parts, ...(reason === undefined ? {} : { finish_reason: semconvFinishReason(reason) }) }],
  };
}

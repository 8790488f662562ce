/** Reads an Anthropic Messages response body (non-streaming) into a ProviderReply. */
import { z } from 'zod';
import { canonicalFinishReason } from '../normalize/finish-reason.js';
import { ReplayError } from './errors.js';
import type { ProviderReply } from './provider-reply.js';
import type { ToolCall } from './request.js';

const count = z.number().int().nonnegative();

const AnthropicResponseSchema = z.object({
  type: z.literal('message'),
  model: z.string().optional(),
  content: z.array(z.looseObject({ type: z.string() })),
  stop_reason: z.string().nullish(),
  usage: z.object({
    input_tokens: count,
    output_tokens: count,
    cache_read_input_tokens: count.nullish(),
    cache_creation_input_tokens: count.nullish(),
  }),
});

const TextBlock = z.object({ type: z.literal('text'), text: z.string() });
const ToolUseBlock = z.object({ type: z.literal('tool_use'), id: z.string(), name: z.string(), input: z.unknown() });

/** The message of an Anthropic error body (`{type:"error", error:{type, message}}`), if it is one. */
function errorMessage(json: unknown): string | null {
  const parsed = z.object({ type: z.literal('error'), error: z.object({ message: z.string() }) }).safeParse(json);
  return parsed.success ? parsed.data.error.message : null;
}

/**
 * The reply in an Anthropic Messages body: its text blocks joined by newlines,
 * `tool_use` blocks as tool calls, the stop reason, and the usage, with prompt
 * tokens counted as the semconv does (Anthropic's `input_tokens` excludes cache
 * reads and writes; they are added). Throws
 * `ReplayError('malformed_provider_response')` for any other body, error bodies included.
 */
export function readAnthropicResponse(json: unknown): ProviderReply {
  const error = errorMessage(json);
  if (error !== null) throw new ReplayError('malformed_provider_response', `Anthropic answered with an error: ${error}`, json);
  const parsed = AnthropicResponseSchema.safeParse(json);
  if (!parsed.success) {
    throw new ReplayError('malformed_provider_response', `not an Anthropic message: ${z.prettifyError(parsed.error)}`);
  }
  const { model, content, stop_reason: stopReason, usage } = parsed.data;
  const texts: string[] = [];
  const toolCalls: ToolCall[] = [];
  for (const block of content) {
    const text = TextBlock.safeParse(block);
    if (text.success) texts.push(text.data.text);
    const use = ToolUseBlock.safeParse(block);
    if (use.success) toolCalls.push({ id: use.data.id, name: use.data.name, arguments: JSON.stringify(use.data.input ?? {}) });
  }
  const cacheRead = usage.cache_read_input_tokens ?? 0;
  const cacheWrite = usage.cache_creation_input_tokens ?? 0;
  return {
    text: texts.join('\n'),
    finishReason: stopReason ? canonicalFinishReason(stopReason) : null,
    providerFinishReason: stopReason ?? null,
    usage: {
      promptTokens: usage.input_tokens + cacheRead + cacheWrite,
      completionTokens: usage.output_tokens,
      cachedPromptTokens: cacheRead,
      cacheWritePromptTokens: cacheWrite,
    },
    model: model ?? null,
    toolCalls,
  };
}

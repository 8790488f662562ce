/** Reads an OpenAI Chat Completions response body (non-streaming) into a ProviderReply. */
import { z } from 'zod';
import { canonicalFinishReason } from '../normalize/finish-reason.js';
import { ReplayError } from './errors.js';
import type { ProviderReply } from './provider-reply.js';
import type { ToolCall } from './request.js';

const count = z.number().int().nonnegative();

const OpenAiToolCallSchema = z.object({
  id: z.string(),
  type: z.string().optional(),
  function: z.object({ name: z.string(), arguments: z.string() }).optional(),
});

const OpenAiChatResponseSchema = z.object({
  model: z.string().optional(),
  choices: z
    .array(
      z.object({
        finish_reason: z.string().nullish(),
        message: z.object({
          content: z.string().nullish(),
          refusal: z.string().nullish(),
          tool_calls: z.array(OpenAiToolCallSchema).nullish(),
        }),
      }),
    )
    .min(1),
  usage: z
    .object({
      prompt_tokens: count,
      completion_tokens: count,
      prompt_tokens_details: z.object({ cached_tokens: count.nullish() }).nullish(),
    })
    .nullish(),
});

/**
 * The reply in an OpenAI Chat Completions body: the first choice's text (its
 * refusal when it refused), finish reason, tool calls, and the usage
 * (`prompt_tokens` already includes `cached_tokens`). Throws
 * `ReplayError('malformed_provider_response')` for a body that is not that shape.
 */
export function readOpenAiChatResponse(json: unknown): ProviderReply {
  const parsed = OpenAiChatResponseSchema.safeParse(json);
  if (!parsed.success) {
    throw new ReplayError('malformed_provider_response', `not an OpenAI chat completion: ${z.prettifyError(parsed.error)}`);
  }
  const { model, choices, usage } = parsed.data;
  const choice = choices[0] as (typeof choices)[number];
  const toolCalls: ToolCall[] = (choice.message.tool_calls ?? []).flatMap((call) =>
    call.function === undefined ? [] : [{ id: call.id, name: call.function.name, arguments: call.function.arguments }],
  );
  const providerFinishReason = choice.finish_reason ?? null;
  return {
    text: choice.message.content ?? choice.message.refusal ?? '',
    finishReason: providerFinishReason === null ? null : canonicalFinishReason(providerFinishReason),
    providerFinishReason,
    usage: {
      promptTokens: usage?.prompt_tokens ?? null,
      completionTokens: usage?.completion_tokens ?? null,
      cachedPromptTokens: usage?.prompt_tokens_details?.cached_tokens ?? null,
      cacheWritePromptTokens: null,
    },
    model: model ?? null,
    toolCalls,
  };
}

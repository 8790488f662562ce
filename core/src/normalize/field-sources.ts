/**
 * Where each canonical field comes from: for every field, its sources in
 * precedence order (GENAI_ATTRIBUTES.md, "Canonical fields"). The first source
 * that yields a usable value wins. This table is the whole precedence logic;
 * `read-sources.ts` walks it.
 */
import type { MessageListName } from './messages.js';

/** String transforms applied to a source's value (source `then`, then field `normalize`). */
export type TransformName = 'provider' | 'operation' | 'finishReason' | 'beforeFirstDot' | 'vercelCall';

/** How to read one source. */
export type Source =
  /** a plain attribute */
  | { read: 'attribute'; key: string; then?: TransformName }
  /** the first item of an array attribute (or of a JSON array in a string, or a plain string) */
  | { read: 'first'; key: string; then?: TransformName }
  /** a value inside a JSON attribute */
  | { read: 'json'; key: string; path: readonly (string | number)[]; then?: TransformName }
  /** a message list of one family (attributes, indexed keys or span events), see messages.ts */
  | { read: 'messages'; list: MessageListName };

/**
 * What a field holds: `text` (trimmed identifier), `count` (token integer),
 * `price` (USD per token), `tags`, or a message rendering (`prompt`,
 * `response`, `systemPrompt`) whose plain-attribute sources are taken verbatim.
 */
export type FieldKind = 'text' | 'count' | 'price' | 'tags' | 'prompt' | 'response' | 'systemPrompt';

/** One canonical field: its kind and its sources in precedence order. */
export interface FieldSpec<K extends FieldKind = FieldKind> {
  kind: K;
  sources: readonly Source[];
  /** applied to every source's value */
  normalize?: TransformName;
}

const attr = (key: string, then?: TransformName): Source => ({ read: 'attribute', key, then });
const first = (key: string): Source => ({ read: 'first', key });
const json = (key: string, path: readonly (string | number)[]): Source => ({ read: 'json', key, path });
const messages = (list: MessageListName): Source => ({ read: 'messages', list });
const field = <K extends FieldKind>(kind: K, sources: Source[], normalize?: TransformName): FieldSpec<K> => ({
  kind,
  sources,
  normalize,
});

/** Input message lists in precedence order: the prompt and the system prompt read the same ones. */
const INPUT_MESSAGE_LISTS: readonly Source[] = [
  messages('gen_ai.input.messages'),
  messages('gen_ai.prompt.[i]'),
  messages('llm.input_messages.[i]'),
  messages('message events'),
  messages('gen_ai.content.prompt'),
  messages('ai.prompt.messages'),
  messages('ai.prompt'),
];

/** The LLM fields of a span. Keys beyond GENAI_ATTRIBUTES.md are marked "extra". */
export const LLM_FIELD_SOURCES = {
  model: field('text', [
    attr('gen_ai.response.model'),
    attr('llm.response.model_name'),
    attr('ai.response.model'),
    attr('gen_ai.request.model'),
    attr('llm.request.model_name'),
    attr('llm.model_name'),
    attr('ai.model.id'),
    attr('model'),
    attr('embedding.model_name'), // extra: OpenInference EMBEDDING spans
  ]),
  provider: field(
    'text',
    [
      attr('gen_ai.provider.name'),
      attr('gen_ai.system'),
      attr('llm.provider'),
      attr('llm.system'),
      attr('ai.model.provider', 'beforeFirstDot'),
    ],
    'provider',
  ),
  operation: field(
    'text',
    [
      attr('gen_ai.operation.name'),
      attr('llm.request.type'),
      attr('openinference.span.kind'),
      attr('ai.operationId', 'vercelCall'),
      attr('traceloop.span.kind'),
    ],
    'operation',
  ),
  promptTokens: field('count', [
    attr('gen_ai.usage.input_tokens'),
    attr('gen_ai.usage.prompt_tokens'),
    attr('llm.token_count.prompt'),
    attr('ai.usage.inputTokens'),
    attr('ai.usage.promptTokens'),
    attr('prompt_tokens'),
  ]),
  completionTokens: field('count', [
    attr('gen_ai.usage.output_tokens'),
    attr('gen_ai.usage.completion_tokens'),
    attr('llm.token_count.completion'),
    attr('ai.usage.outputTokens'),
    attr('ai.usage.completionTokens'),
    attr('completion_tokens'),
  ]),
  cachedPromptTokens: field('count', [
    attr('gen_ai.usage.cache_read.input_tokens'),
    attr('gen_ai.usage.cache_read_input_tokens'),
    attr('llm.token_count.prompt_details.cache_read'),
    attr('ai.usage.inputTokenDetails.cacheReadTokens'),
    attr('ai.usage.cachedInputTokens'),
  ]),
  prompt: field('prompt', [
    ...INPUT_MESSAGE_LISTS,
    attr('input.value'),
    attr('traceloop.entity.input'),
    attr('prompt'),
  ]),
  response: field('response', [
    messages('gen_ai.output.messages'),
    messages('gen_ai.completion.[i]'),
    messages('llm.output_messages.[i]'),
    messages('gen_ai.choice events'),
    messages('gen_ai.content.completion'),
    attr('ai.response.text'),
    attr('output.value'),
    attr('traceloop.entity.output'),
    attr('response'),
  ]),
  systemPrompt: field('systemPrompt', [
    messages('gen_ai.system_instructions'),
    ...INPUT_MESSAGE_LISTS, // their `system` role items; `ai.prompt` yields its `.system` as one
  ]),
  finishReason: field(
    'text',
    [
      first('gen_ai.response.finish_reasons'),
      json('gen_ai.output.messages', [0, 'finish_reason']),
      attr('gen_ai.completion.0.finish_reason'),
      attr('llm.finish_reason'),
      attr('ai.response.finishReason'),
    ],
    'finishReason',
  ),
  customPromptTokenPriceUsd: field('price', [attr('cost_per_prompt_token')]),
  customCompletionTokenPriceUsd: field('price', [attr('cost_per_completion_token')]),
} as const;

/** Fields every span carries, LLM or not. */
export const CONTEXT_FIELD_SOURCES = {
  userId: field('text', [
    attr('user.id'),
    attr('traceloop.association.properties.user_id'),
    attr('ai.telemetry.metadata.userId'),
    attr('enduser.id'),
    attr('user_id'),
    attr('langfuse.user.id'), // extra
  ]),
  sessionId: field('text', [
    attr('gen_ai.conversation.id'),
    attr('session.id'),
    attr('traceloop.association.properties.session_id'),
    attr('ai.telemetry.metadata.sessionId'),
    attr('session_id'),
    attr('langfuse.session.id'), // extra
  ]),
  tags: field('tags', [attr('tag.tags'), attr('lumina.tags'), attr('langfuse.trace.tags'), attr('tags')]),
} as const;

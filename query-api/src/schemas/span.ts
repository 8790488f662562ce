import { z } from '@hono/zod-openapi';

const JsonObject = z.record(z.string(), z.unknown());

export const FeedbackSchema = z
  .object({
    score: z.number().openapi({ example: 0.9 }),
    comment: z.string().nullable(),
    source: z.string().openapi({ example: 'user' }),
    created_at: z.string().openapi({ example: '2026-01-10T12:00:05.000Z' }),
  })
  .openapi('Feedback');

export type ApiFeedback = z.infer<typeof FeedbackSchema>;

export const SpanEventSchema = z
  .object({
    name: z.string().openapi({ example: 'exception' }),
    time: z.string().openapi({ example: '2026-01-10T12:00:00.412Z', description: 'ISO 8601 UTC (millisecond precision)' }),
    time_unix_nano: z.string().openapi({ example: '1768046400412000000', description: 'the exact time, unix nanoseconds' }),
    attributes: JsonObject,
  })
  .openapi('SpanEvent');

export const SpanExceptionSchema = z
  .object({
    type: z.string().nullable().openapi({ example: 'RateLimitError' }),
    message: z.string().nullable().openapi({ example: '429 Rate limit reached' }),
    stacktrace: z.string().nullable(),
    escaped: z.boolean().nullable(),
  })
  .openapi('SpanException', { description: "the span's last `exception` event" });

export const ToolCallSchema = z
  .object({
    id: z.string().nullable().openapi({ example: 'call_1' }),
    name: z.string().nullable().openapi({ example: 'get_weather' }),
    arguments: z.unknown().openapi({ description: 'as the model sent them, usually a JSON string', example: '{"city":"Paris"}' }),
  })
  .openapi('ToolCall');

export const SpanSchema = z
  .object({
    trace_id: z.string().openapi({ example: '4bf92f3577b34da6a3ce929d0e0e4736' }),
    span_id: z.string().openapi({ example: '00f067aa0ba902b7' }),
    parent_span_id: z.string().nullable(),
    name: z.string(),
    kind: z.string().openapi({ example: 'client' }),
    service_name: z.string(),
    start_time: z.string().openapi({ example: '2026-01-10T12:00:00.000Z' }),
    end_time: z.string(),
    latency_ms: z.number(),
    status: z.enum(['ok', 'error', 'degraded']),
    status_message: z.string().nullable(),
    provider: z.string().nullable(),
    model: z.string().nullable(),
    operation: z.string().nullable(),
    prompt_tokens: z.number().nullable(),
    completion_tokens: z.number().nullable(),
    cached_prompt_tokens: z.number().nullable(),
    cost_usd: z.number().nullable(),
    prompt: z.string().nullable(),
    response: z.string().nullable(),
    system_prompt: z.string().nullable(),
    finish_reason: z.string().nullable(),
    tool_calls: z
      .array(ToolCallSchema)
      .nullable()
      .openapi({ description: 'tool calls the model asked for, from gen_ai events (log records or span events); null when none' }),
    user_id: z.string().nullable(),
    session_id: z.string().nullable(),
    tags: z.array(z.string()),
    attributes: JsonObject,
    resource: JsonObject,
    events: z
      .array(SpanEventSchema)
      .openapi({ description: "the span's own events in time order (exceptions, retries, custom marks); gen_ai message events whose content became prompt/response are not repeated" }),
    exception: SpanExceptionSchema.nullable().openapi({ description: 'the exception the span ended with (its last `exception` event); null when none' }),
    feedback: z.array(FeedbackSchema).openapi({ description: 'feedback given on the span, newest first' }),
    redactions: z
      .record(z.string(), z.number())
      .nullable()
      .openapi({ description: 'values of each kind the PII redaction replaced before storage, e.g. {"email": 2}; null when none', example: { email: 1 } }),
    field_sources: z
      .record(z.string(), z.string())
      .nullable()
      .openapi({
        description: 'which source gave each normalized field (attribute key, message list, `resource:<key>`, or `price_catalog` for a provider taken from the price table)',
        example: { model: 'llm.model_name', provider: 'price_catalog', prompt_tokens: 'llm.token_count.prompt' },
      }),
    price_source: z.string().nullable().openapi({ description: 'catalog | override | custom_attribute', example: 'catalog' }),
    price_version: z.string().nullable().openapi({ description: "the price source's version: the catalog package's, or the override table's hash", example: '@pydantic/genai-prices@0.1.8' }),
    quality_score: z.number().nullable().openapi({ description: 'the call\'s quality in [0, 1] (1: nothing wrong seen); null on spans that are not a chat-like LLM call', example: 0.95 }),
    quality_signals: z
      .record(z.string(), z.object({ score: z.number(), detail: z.string().optional() }))
      .nullable()
      .openapi({
        description: 'the signals that produced quality_score, by name (finish_reason, empty_response, refusal, json_output, response_length, baseline_similarity, judge)',
        example: { finish_reason: { score: 0.3, detail: 'length' } },
      }),
  })
  .openapi('Span', { description: 'The LLM fields (provider … session_id) are null on spans that are not an LLM call.' });

export type ApiSpan = z.infer<typeof SpanSchema>;

export const PaginationSchema = z
  .object({
    limit: z.number(),
    next_cursor: z.string().nullable(),
    has_more: z.boolean(),
  })
  .openapi('Pagination');

export type Pagination = z.infer<typeof PaginationSchema>;

export const SpanListSchema = z.object({ data: z.array(SpanSchema), pagination: PaginationSchema }).openapi('SpanList');

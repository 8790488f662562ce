import { z } from '@hono/zod-openapi';
import { PaginationSchema, SpanSchema } from './span.js';

const traceSummaryFields = {
  trace_id: z.string().openapi({ example: '4bf92f3577b34da6a3ce929d0e0e4736' }),
  service_name: z.string(),
  root_span_name: z.string().nullable(),
  start_time: z.string(),
  end_time: z.string(),
  duration_ms: z.number(),
  span_count: z.number(),
  llm_call_count: z.number(),
  models: z.array(z.string()),
  providers: z.array(z.string()),
  total_cost_usd: z.number(),
  prompt_tokens: z.number(),
  completion_tokens: z.number(),
  status: z.enum(['ok', 'error', 'degraded']),
  user_id: z.string().nullable(),
  session_id: z.string().nullable(),
  tags: z.array(z.string()),
  quality_score: z.number().nullable().openapi({ description: 'the worst quality score of the trace\'s LLM calls; null when none was scored' }),
};

export const TraceSummarySchema = z.object(traceSummaryFields).openapi('TraceSummary');
export type TraceSummary = z.infer<typeof TraceSummarySchema>;

export const TraceListSchema = z.object({ data: z.array(TraceSummarySchema), pagination: PaginationSchema }).openapi('TraceList');

export const TraceDetailSchema = z
  .object({ ...traceSummaryFields, spans: z.array(SpanSchema).openapi({ description: 'ordered by start time' }) })
  .openapi('TraceDetail');

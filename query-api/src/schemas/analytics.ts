import { z } from '@hono/zod-openapi';

const key = z.string().nullable().openapi({ description: 'the group (null: spans without one, e.g. no user id)' });
const bucket = z.string().openapi({ description: 'start of the UTC trend bucket', example: '2026-01-10T12:00:00.000Z' });
const ms = z.number().nullable().openapi({ description: 'ms; null without LLM calls' });

export const CostReportSchema = z
  .object({
    total_cost_usd: z.number(),
    trace_count: z.number().openapi({ description: 'traces whose root span started in the range (with model/provider: that used it)' }),
    llm_call_count: z.number(),
    avg_cost_per_trace: z.number().nullable(),
    prompt_tokens: z.number(),
    completion_tokens: z.number(),
    breakdown: z.array(
      z.object({ key, cost_usd: z.number(), llm_call_count: z.number(), prompt_tokens: z.number(), completion_tokens: z.number() }),
    ),
    trend: z.array(z.object({ bucket, cost_usd: z.number(), llm_call_count: z.number() })),
  })
  .openapi('CostReport');
export type CostReport = z.infer<typeof CostReportSchema>;

export const LatencyReportSchema = z
  .object({
    count: z.number().openapi({ description: 'LLM calls in the range' }),
    avg_ms: ms,
    p50_ms: ms,
    p95_ms: ms,
    p99_ms: ms,
    max_ms: ms,
    breakdown: z.array(z.object({ key, count: z.number(), avg_ms: ms, p50_ms: ms, p95_ms: ms, p99_ms: ms })),
    trend: z.array(z.object({ bucket, count: z.number(), p50_ms: ms, p95_ms: ms, p99_ms: ms })),
  })
  .openapi('LatencyReport', { description: 'Latency of LLM calls. Percentiles are within 1% of exact (log histograms, interpolated like percentile_cont).' });
export type LatencyReport = z.infer<typeof LatencyReportSchema>;

const tokenSums = {
  prompt_tokens: z.number(),
  completion_tokens: z.number(),
  cached_prompt_tokens: z.number(),
  total_tokens: z.number().openapi({ description: 'prompt + completion' }),
  llm_call_count: z.number(),
};

export const TokensReportSchema = z
  .object({
    ...tokenSums,
    avg_prompt_tokens_per_call: z.number().nullable(),
    avg_completion_tokens_per_call: z.number().nullable(),
    breakdown: z.array(z.object({ key, ...tokenSums })),
    trend: z.array(z.object({ bucket, ...tokenSums })),
  })
  .openapi('TokensReport');
export type TokensReport = z.infer<typeof TokensReportSchema>;

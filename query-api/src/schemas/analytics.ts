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

const score = z.number().nullable().openapi({ description: 'in [0, 1]; null without scored calls' });

export const QualityReportSchema = z
  .object({
    scored_count: z.number().openapi({ description: 'LLM calls with a quality score in the range' }),
    avg_score: score.openapi({ description: 'exact average (rollups keep the sum and count of scores)' }),
    p10_score: score,
    p50_score: score,
    p90_score: score,
    floor: z.number().openapi({ description: 'the quality floor the share is measured against', example: 0.7 }),
    below_floor_share: score.openapi({ description: 'fraction of scored calls under the floor' }),
    breakdown: z.array(z.object({ key, scored_count: z.number(), avg_score: score, below_floor_share: score })),
    trend: z.array(z.object({ bucket, scored_count: z.number(), avg_score: score })),
  })
  .openapi('QualityReport', { description: 'Quality scores of LLM calls (processors\' local signals, settled by the judge for borderline calls). Percentiles and shares are exact, from the stored scores.' });
export type QualityReport = z.infer<typeof QualityReportSchema>;

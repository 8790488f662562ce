import { z } from '@hono/zod-openapi';

const nullableNumber = z.number().nullable();

export const SummarySchema = z
  .object({
    avg_hash_similarity: nullableNumber.openapi({ description: 'mean over the completed calls; 1 means every response identical after normalization' }),
    avg_semantic_score: nullableNumber.openapi({ description: 'mean of each call\'s deciding score (judge verdict, else local score)' }),
    original_cost_usd: nullableNumber.openapi({ description: 'total over the calls whose original and replay cost are both known' }),
    replay_cost_usd: nullableNumber,
    cost_delta_pct: nullableNumber,
    original_avg_latency_ms: nullableNumber,
    replay_avg_latency_ms: nullableNumber,
    latency_delta_pct: nullableNumber,
    regressions: z.number().openapi({ description: 'calls whose semantic score is under regression_threshold' }),
    regression_threshold: z.number(),
    failed_calls: z.number(),
    judged_calls: z.number().openapi({ description: 'calls whose semantic score is the LLM judge\'s' }),
  })
  .openapi('ReplaySummary');

export const ReplaySetSchema = z
  .object({
    replay_id: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    status: z.enum(['pending', 'running', 'completed', 'failed']),
    mode: z.enum(['live', 'simulation']).nullable().openapi({ description: 'of the latest run; null before the first' }),
    total_traces: z.number(),
    completed_traces: z.number().openapi({ description: 'traces whose every call the latest run finished (completed or failed)' }),
    total_calls: z.number(),
    completed_calls: z.number().openapi({ description: 'calls finished by the latest run, failures included' }),
    failed_calls: z.number(),
    capture: z.record(z.string(), z.unknown()).openapi({ description: 'how the traces were chosen: trace_ids, or filters with the sampling seed' }),
    run: z.record(z.string(), z.unknown()).nullable().openapi({ description: 'overrides and concurrency of the latest run' }),
    run_count: z.number(),
    summary: SummarySchema,
    error: z.string().nullable(),
    created_at: z.string(),
    started_at: z.string().nullable(),
    finished_at: z.string().nullable(),
  })
  .openapi('ReplaySet');

export const ReplaySetListSchema = z.object({ data: z.array(ReplaySetSchema) }).openapi('ReplaySetList');

export const CapturedSchema = z
  .object({ replay_id: z.string(), name: z.string(), status: z.literal('pending'), total_traces: z.number(), total_calls: z.number() })
  .openapi('CapturedReplaySet');

export const DiffResultSchema = z
  .object({
    trace_id: z.string(),
    span_id: z.string(),
    status: z.enum(['pending', 'running', 'completed', 'failed']),
    error: z.object({ code: z.string(), message: z.string() }).nullable(),
    original_provider: z.string().nullable(),
    replay_provider: z.string().nullable(),
    original_model: z.string().nullable(),
    replay_model: z.string().nullable(),
    original_system_prompt: z.string().nullable(),
    replay_system_prompt: z.string().nullable(),
    original_prompt: z.string().nullable(),
    replay_prompt: z.string().nullable(),
    original_response: z.string().nullable(),
    replay_response: z.string().nullable(),
    original_cost_usd: nullableNumber,
    replay_cost_usd: nullableNumber,
    original_latency_ms: nullableNumber,
    replay_latency_ms: nullableNumber,
    original_prompt_tokens: nullableNumber,
    replay_prompt_tokens: nullableNumber,
    original_completion_tokens: nullableNumber,
    replay_completion_tokens: nullableNumber,
    hash_similarity: nullableNumber,
    semantic_score: nullableNumber.openapi({ description: 'the deciding score: the judge\'s verdict when there was one, else the local score' }),
    local_semantic_score: nullableNumber,
    semantic_tier: z.enum(['local', 'judge']).nullable().openapi({ description: 'which tier decided semantic_score' }),
    judge_reason: z.string().nullable(),
    judge_cached: z.boolean().nullable(),
    judge_error: z.string().nullable(),
    regression: z.boolean(),
    diff_summary: z.string().nullable(),
    simulated: z.boolean().nullable(),
    retries: z.number().nullable(),
    dropped_parameters: z.array(z.string()).openapi({ description: 'request fields the target provider has no place for (e.g. temperature for Anthropic)' }),
    warnings: z.array(z.string()),
  })
  .openapi('ReplayResult');

export const DiffSchema = z.object({ replay_id: z.string(), results: z.array(DiffResultSchema) }).openapi('ReplayDiff');

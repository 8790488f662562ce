/** Rows as API.md's Replay bodies. */
import { isRegression } from '@lumina/core';
import type { ReplayResultRow, ReplaySetProgressRow } from '@lumina/db';
import type { SummaryBody } from './run/summary.js';

const iso = (date: Date | null) => (date === null ? null : date.toISOString());

/** A set with its progress; `summary` is computed from its results by the caller. */
export function toApiReplaySet(row: ReplaySetProgressRow, summary: SummaryBody) {
  return {
    replay_id: row.replay_id,
    name: row.name,
    description: row.description,
    status: row.status,
    mode: row.mode,
    total_traces: row.total_traces,
    completed_traces: row.completed_traces,
    total_calls: row.total_calls,
    completed_calls: row.completed_calls,
    failed_calls: row.failed_calls,
    capture: row.capture,
    run: row.run_settings,
    run_count: row.run_count,
    summary: summary as ReturnType<typeof emptySummary>,
    error: row.error,
    created_at: row.created_at.toISOString(),
    started_at: iso(row.started_at),
    finished_at: iso(row.finished_at),
  };
}

/** The summary of a set never run. */
export function emptySummary(regressionThreshold: number) {
  return {
    avg_hash_similarity: null as number | null,
    avg_semantic_score: null as number | null,
    original_cost_usd: null as number | null,
    replay_cost_usd: null as number | null,
    cost_delta_pct: null as number | null,
    original_avg_latency_ms: null as number | null,
    replay_avg_latency_ms: null as number | null,
    latency_delta_pct: null as number | null,
    regressions: 0,
    regression_threshold: regressionThreshold,
    failed_calls: 0,
    judged_calls: 0,
  };
}

/** One result of `GET /replay/{id}/diff`. */
export function toApiResult(row: ReplayResultRow, regressionThreshold: number) {
  return {
    trace_id: row.trace_id,
    span_id: row.span_id,
    status: row.status,
    error: row.error_code === null ? null : { code: row.error_code, message: row.error_message ?? '' },
    original_provider: row.original_provider,
    replay_provider: row.replay_provider,
    original_model: row.original_model,
    replay_model: row.replay_model,
    original_system_prompt: row.original_system_prompt,
    replay_system_prompt: row.replay_system_prompt,
    original_prompt: row.original_prompt,
    replay_prompt: row.replay_prompt,
    original_response: row.original_response,
    replay_response: row.replay_response,
    original_cost_usd: row.original_cost_usd,
    replay_cost_usd: row.replay_cost_usd,
    original_latency_ms: row.original_latency_ms,
    replay_latency_ms: row.replay_latency_ms,
    original_prompt_tokens: row.original_prompt_tokens,
    replay_prompt_tokens: row.replay_prompt_tokens,
    original_completion_tokens: row.original_completion_tokens,
    replay_completion_tokens: row.replay_completion_tokens,
    hash_similarity: row.hash_similarity,
    semantic_score: row.semantic_score,
    local_semantic_score: row.local_semantic_score,
    semantic_tier: row.semantic_tier,
    judge_reason: row.judge_reason,
    judge_cached: row.judge_cached,
    judge_error: row.judge_error,
    regression: isRegression({ semanticScore: row.semantic_score }, regressionThreshold),
    diff_summary: row.diff_summary,
    simulated: row.simulated,
    retries: row.retries,
    dropped_parameters: row.dropped_parameters,
    warnings: row.warnings,
  };
}

/** A set's summary from its results (API.md `summary`, plus counts of failures and judged calls). */
import { replaySummaryBody, summarizeReplay } from '@lumina/core';
import type { ReplayResultRow } from '@lumina/db';

export type SummaryBody = Record<string, number | null>;

/** The summary of the results as they are now (a running set's so far). */
export function summaryOf(results: readonly ReplayResultRow[], regressionThreshold: number): SummaryBody {
  const figures = results.map((row) => ({
    originalCostUsd: row.original_cost_usd,
    replayCostUsd: row.status === 'completed' ? row.replay_cost_usd : null,
    originalLatencyMs: row.original_latency_ms,
    replayLatencyMs: row.status === 'completed' ? row.replay_latency_ms : null,
    hashSimilarity: row.status === 'completed' ? row.hash_similarity : null,
    semanticScore: row.status === 'completed' ? row.semantic_score : null,
  }));
  return {
    ...replaySummaryBody(summarizeReplay(figures, { regressionThreshold })),
    regression_threshold: regressionThreshold,
    failed_calls: results.filter((row) => row.status === 'failed').length,
    judged_calls: results.filter((row) => row.semantic_tier === 'judge').length,
  };
}

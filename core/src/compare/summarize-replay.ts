/** The summary of a replay set (API.md `GET /replay/{id}` `summary`) and the review order of its results. */
import { deltaPct } from './compare-calls.js';

/** The figures of one stored replay result that the summary reads. A failed replay has null replay figures. */
export interface ReplayResultFigures {
  originalCostUsd: number | null;
  replayCostUsd: number | null;
  originalLatencyMs: number | null;
  replayLatencyMs: number | null;
  hashSimilarity: number | null;
  /** the judge's verdict when there was one, else the local score */
  semanticScore: number | null;
}

export interface ReplaySummary {
  /** mean over the results with a score; null when none has one */
  avgHashSimilarity: number | null;
  avgSemanticScore: number | null;
  /** totals over the results whose original and replay cost are both known, so the two compare */
  originalCostUsd: number | null;
  replayCostUsd: number | null;
  costDeltaPct: number | null;
  /** means over the results whose original and replay latency are both known */
  originalAvgLatencyMs: number | null;
  replayAvgLatencyMs: number | null;
  latencyDeltaPct: number | null;
  /** results whose semantic score is under the regression threshold */
  regressions: number;
}

export interface SummaryOptions {
  /** a semantic score under this is a regression; default {@link DEFAULT_REGRESSION_THRESHOLD} */
  regressionThreshold?: number;
}

/** The default regression threshold: a replay scoring under 0.7 no longer says the same thing. */
export const DEFAULT_REGRESSION_THRESHOLD = 0.7;

/** True when a result's semantic score is known and under the threshold. */
export function isRegression(result: Pick<ReplayResultFigures, 'semanticScore'>, threshold = DEFAULT_REGRESSION_THRESHOLD): boolean {
  return result.semanticScore !== null && result.semanticScore < threshold;
}

function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** The pairs of a figure where both sides are known. */
function knownPairs(results: readonly ReplayResultFigures[], original: keyof ReplayResultFigures, replay: keyof ReplayResultFigures): [number, number][] {
  const pairs: [number, number][] = [];
  for (const result of results) {
    const a = result[original];
    const b = result[replay];
    if (a !== null && b !== null) pairs.push([a, b]);
  }
  return pairs;
}

function scores(results: readonly ReplayResultFigures[], key: 'hashSimilarity' | 'semanticScore'): number[] {
  return results.flatMap((result) => (result[key] === null ? [] : [result[key]]));
}

/**
 * The summary of a replay set's results. Averages skip unknown values, and the
 * cost and latency figures only count results known on both sides, so that
 * one failed replay does not read as a saving. Percentages are replay against original.
 */
export function summarizeReplay(results: readonly ReplayResultFigures[], options: SummaryOptions = {}): ReplaySummary {
  const threshold = options.regressionThreshold ?? DEFAULT_REGRESSION_THRESHOLD;
  const costs = knownPairs(results, 'originalCostUsd', 'replayCostUsd');
  const latencies = knownPairs(results, 'originalLatencyMs', 'replayLatencyMs');
  const originalCostUsd = costs.length === 0 ? null : costs.reduce((sum, [a]) => sum + a, 0);
  const replayCostUsd = costs.length === 0 ? null : costs.reduce((sum, [, b]) => sum + b, 0);
  const originalAvgLatencyMs = mean(latencies.map(([a]) => a));
  const replayAvgLatencyMs = mean(latencies.map(([, b]) => b));
  return {
    avgHashSimilarity: mean(scores(results, 'hashSimilarity')),
    avgSemanticScore: mean(scores(results, 'semanticScore')),
    originalCostUsd,
    replayCostUsd,
    costDeltaPct: deltaPct(originalCostUsd, replayCostUsd),
    originalAvgLatencyMs,
    replayAvgLatencyMs,
    latencyDeltaPct: deltaPct(originalAvgLatencyMs, replayAvgLatencyMs),
    regressions: results.filter((result) => isRegression(result, threshold)).length,
  };
}

/** The summary under API.md's field names. */
export function replaySummaryBody(summary: ReplaySummary): Record<string, number | null> {
  return {
    avg_hash_similarity: summary.avgHashSimilarity,
    avg_semantic_score: summary.avgSemanticScore,
    original_cost_usd: summary.originalCostUsd,
    replay_cost_usd: summary.replayCostUsd,
    cost_delta_pct: summary.costDeltaPct,
    original_avg_latency_ms: summary.originalAvgLatencyMs,
    replay_avg_latency_ms: summary.replayAvgLatencyMs,
    latency_delta_pct: summary.latencyDeltaPct,
    regressions: summary.regressions,
  };
}

/**
 * Results in review order, for the diff view: regressions first (worst score
 * first), then failed replays (no score), then the rest in their given order.
 * Returns a new array; the sort is stable.
 */
export function orderForReview<T extends Pick<ReplayResultFigures, 'semanticScore'>>(
  results: readonly T[],
  options: SummaryOptions = {},
): T[] {
  const threshold = options.regressionThreshold ?? DEFAULT_REGRESSION_THRESHOLD;
  const rank = (result: T): number => (isRegression(result, threshold) ? 0 : result.semanticScore === null ? 1 : 2);
  return results
    .map((result, index) => ({ result, index }))
    .sort((x, y) => {
      const byRank = rank(x.result) - rank(y.result);
      if (byRank !== 0) return byRank;
      if (rank(x.result) === 0) return (x.result.semanticScore as number) - (y.result.semanticScore as number) || x.index - y.index;
      return x.index - y.index;
    })
    .map(({ result }) => result);
}

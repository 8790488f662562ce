import { describe, expect, it } from 'vitest';
import { type ReplayResultFigures, orderForReview, replaySummaryBody, summarizeReplay } from './summarize-replay.js';

function result(overrides: Partial<ReplayResultFigures> & { id?: string } = {}): ReplayResultFigures & { id: string } {
  return {
    id: 'r',
    originalCostUsd: 0.01,
    replayCostUsd: 0.005,
    originalLatencyMs: 1000,
    replayLatencyMs: 500,
    hashSimilarity: 1,
    semanticScore: 1,
    ...overrides,
  };
}

describe('the replay summary', () => {
  it('totals costs, averages latencies and scores, and gives the changes in percent', () => {
    const summary = summarizeReplay([
      result({ originalCostUsd: 0.01, replayCostUsd: 0.004, originalLatencyMs: 1000, replayLatencyMs: 600, hashSimilarity: 1, semanticScore: 1 }),
      result({ originalCostUsd: 0.03, replayCostUsd: 0.016, originalLatencyMs: 3000, replayLatencyMs: 1400, hashSimilarity: 0.5, semanticScore: 0.6 }),
    ]);
    expect(summary.avgHashSimilarity).toBeCloseTo(0.75, 12);
    expect(summary.avgSemanticScore).toBeCloseTo(0.8, 12);
    expect(summary.originalCostUsd).toBeCloseTo(0.04, 12);
    expect(summary.replayCostUsd).toBeCloseTo(0.02, 12);
    expect(summary.costDeltaPct).toBeCloseTo(-50, 9);
    expect(summary.originalAvgLatencyMs).toBe(2000);
    expect(summary.replayAvgLatencyMs).toBe(1000);
    expect(summary.latencyDeltaPct).toBe(-50);
    expect(summary.regressions).toBe(1);
  });

  it('counts regressions under the threshold, which can be changed', () => {
    const results = [result({ semanticScore: 0.69 }), result({ semanticScore: 0.7 }), result({ semanticScore: 0.85 })];
    expect(summarizeReplay(results).regressions).toBe(1);
    expect(summarizeReplay(results, { regressionThreshold: 0.9 }).regressions).toBe(3);
  });

  it('leaves a failed replay out of costs and latencies, so it does not read as a saving', () => {
    const summary = summarizeReplay([
      result({ originalCostUsd: 0.01, replayCostUsd: 0.01 }),
      result({ originalCostUsd: 0.5, replayCostUsd: null, replayLatencyMs: null, hashSimilarity: null, semanticScore: null }),
    ]);
    expect(summary.originalCostUsd).toBe(0.01);
    expect(summary.costDeltaPct).toBe(0);
    expect(summary.originalAvgLatencyMs).toBe(1000);
    expect(summary.avgSemanticScore).toBe(1);
    expect(summary.regressions).toBe(0);
  });

  it('has no figures for an empty set, and zero regressions', () => {
    expect(summarizeReplay([])).toEqual({
      avgHashSimilarity: null,
      avgSemanticScore: null,
      originalCostUsd: null,
      replayCostUsd: null,
      costDeltaPct: null,
      originalAvgLatencyMs: null,
      replayAvgLatencyMs: null,
      latencyDeltaPct: null,
      regressions: 0,
    });
  });

  it('names its fields as API.md does', () => {
    expect(Object.keys(replaySummaryBody(summarizeReplay([result()])))).toEqual([
      'avg_hash_similarity',
      'avg_semantic_score',
      'original_cost_usd',
      'replay_cost_usd',
      'cost_delta_pct',
      'original_avg_latency_ms',
      'replay_avg_latency_ms',
      'latency_delta_pct',
      'regressions',
    ]);
  });
});

describe('review order', () => {
  it('lists regressions first, worst first, then failed replays, then the rest as given', () => {
    const ordered = orderForReview([
      result({ id: 'fine-1', semanticScore: 0.95 }),
      result({ id: 'bad', semanticScore: 0.5 }),
      result({ id: 'failed', semanticScore: null }),
      result({ id: 'fine-2', semanticScore: 0.8 }),
      result({ id: 'worst', semanticScore: 0.1 }),
    ]);
    expect(ordered.map((r) => r.id)).toEqual(['worst', 'bad', 'failed', 'fine-1', 'fine-2']);
  });

  it('uses the given threshold', () => {
    const ordered = orderForReview([result({ id: 'a', semanticScore: 0.95 }), result({ id: 'b', semanticScore: 0.8 })], {
      regressionThreshold: 0.9,
    });
    expect(ordered.map((r) => r.id)).toEqual(['b', 'a']);
  });
});

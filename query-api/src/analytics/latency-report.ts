import type { LatencyReport } from '../schemas/analytics.js';
import { readBreakdown } from './breakdown.js';
import { latencyStats, mergedLatencyStats } from './latency-stats.js';
import { readAggregates, sumAggregates } from '@lumina/db';
import { filledTrend, type ReportInput } from './report-input.js';

/** Latency of the LLM calls in the window: totals, breakdown and trend (API.md). */
export async function latencyReport({ db, scope, window, groupBy, breakdownLimit }: ReportInput): Promise<LatencyReport> {
  const [trend, breakdown] = await Promise.all([
    readAggregates(db, { scope, key: null, trendInterval: window.interval, withLatency: true }),
    readBreakdown(db, scope, groupBy, 'calls', breakdownLimit, true),
  ]);
  const totals = mergedLatencyStats(trend, sumAggregates(trend));
  return {
    count: totals.count,
    avg_ms: totals.avgMs,
    p50_ms: totals.p50Ms,
    p95_ms: totals.p95Ms,
    p99_ms: totals.p99Ms,
    max_ms: totals.maxMs,
    breakdown: breakdown.map((group) => ({
      key: group.key,
      count: group.llmCallCount,
      avg_ms: group.latency?.avgMs ?? null,
      p50_ms: group.latency?.p50Ms ?? null,
      p95_ms: group.latency?.p95Ms ?? null,
      p99_ms: group.latency?.p99Ms ?? null,
    })),
    trend: filledTrend(window, trend).map(({ bucket, aggregate }) => {
      const stats = aggregate ? latencyStats(aggregate) : null;
      return { bucket, count: stats?.count ?? 0, p50_ms: stats?.p50Ms ?? null, p95_ms: stats?.p95Ms ?? null, p99_ms: stats?.p99Ms ?? null };
    }),
  };
}

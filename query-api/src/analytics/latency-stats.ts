import { latencySketchQuantile, mergeLatencySketches, type LatencySketch } from '@lumina/core';
import type { Aggregate } from '@lumina/db';

export interface LatencyStats {
  count: number;
  avgMs: number | null;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
}

/** Latencies are stored with µs precision; answers keep that and no false digits. */
export const roundMs = (value: number | null): number | null => (value === null ? null : Math.round(value * 1000) / 1000);

/** The histogram of an aggregate read with latency. */
export function sketchOf(aggregate: Aggregate): LatencySketch {
  return { buckets: aggregate.latencyBuckets ?? [], counts: aggregate.latencyCounts ?? [] };
}

/** Count, mean, p50/p95/p99 and max of the LLM calls of an aggregate. */
export function latencyStats(aggregate: Aggregate, sketch: LatencySketch = sketchOf(aggregate)): LatencyStats {
  const count = aggregate.llmCallCount;
  const max = aggregate.latencyMaxMs ?? undefined;
  const quantile = (q: number) => (count === 0 ? null : roundMs(latencySketchQuantile(sketch, q, max)));
  return {
    count,
    avgMs: count === 0 ? null : roundMs(aggregate.latencySumMs / count),
    p50Ms: quantile(0.5),
    p95Ms: quantile(0.95),
    p99Ms: quantile(0.99),
    maxMs: count === 0 ? null : roundMs(aggregate.latencyMaxMs),
  };
}

/** Latency statistics over several aggregates (their histograms merged). */
export function mergedLatencyStats(aggregates: Aggregate[], total: Aggregate): LatencyStats {
  return latencyStats(total, mergeLatencySketches(aggregates.map(sketchOf)));
}

import { LATENCY_MAX_BUCKET, latencyBucketIndex, latencyBucketValueMs } from './latency-buckets.js';

/**
 * A sparse latency histogram: `buckets` ascending and unique, `counts[i]` spans in
 * `buckets[i]`. The shape Postgres stores (smallint[] + integer[]) and returns.
 */
export interface LatencySketch {
  buckets: number[];
  counts: number[];
}

/** The sketch of a list of latencies. */
export function latencySketchOf(latenciesMs: Iterable<number>): LatencySketch {
  const byBucket = new Map<number, number>();
  for (const latencyMs of latenciesMs) {
    const bucket = latencyBucketIndex(latencyMs);
    byBucket.set(bucket, (byBucket.get(bucket) ?? 0) + 1);
  }
  // every count is at least 1: a bucket is only added with a latency
  const buckets = [...byBucket.keys()].sort((a, b) => a - b);
  return { buckets, counts: buckets.map((bucket) => byBucket.get(bucket) ?? 0) };
}

/** Adds sketches bucket by bucket (the merge of the union of their latencies). */
export function mergeLatencySketches(sketches: Iterable<LatencySketch>): LatencySketch {
  // Bucket indexes are small integers: a dense array adds faster than a map, and reads out sorted.
  const totals = new Float64Array(LATENCY_MAX_BUCKET + 1);
  for (const sketch of sketches) {
    const { buckets, counts } = sketch;
    for (let i = 0; i < buckets.length; i += 1) {
      const slot = Math.min(Math.max(buckets[i] as number, 0), LATENCY_MAX_BUCKET);
      totals[slot] = (totals[slot] as number) + (counts[i] ?? 0);
    }
  }
  const merged: LatencySketch = { buckets: [], counts: [] };
  for (let bucket = 0; bucket < totals.length; bucket += 1) {
    const count = totals[bucket] as number;
    if (count > 0) {
      merged.buckets.push(bucket);
      merged.counts.push(count);
    }
  }
  return merged;
}

/** How many latencies the sketch holds. */
export function latencySketchCount(sketch: LatencySketch): number {
  return sketch.counts.reduce((sum, count) => sum + count, 0);
}

/** The estimate of the latency at 0-based rank `rank` of the sorted latencies. */
function valueAtRank(sketch: LatencySketch, rank: number): number {
  let seen = 0;
  for (let i = 0; i < sketch.buckets.length; i += 1) {
    seen += sketch.counts[i] ?? 0;
    if (rank < seen) return latencyBucketValueMs(sketch.buckets[i] ?? 0);
  }
  return latencyBucketValueMs(sketch.buckets.at(-1) ?? 0);
}

/**
 * The `quantile` (0..1) of the latencies with the semantics of Postgres
 * `percentile_cont`: linear interpolation between the two neighbouring ranks. Each rank
 * is estimated within the bucket accuracy, so the interpolation is too. `maxMs`, when
 * known exactly, caps the estimate. null for an empty sketch.
 */
export function latencySketchQuantile(sketch: LatencySketch, quantile: number, maxMs?: number): number | null {
  const total = latencySketchCount(sketch);
  if (total === 0) return null;
  const rank = Math.min(Math.max(quantile, 0), 1) * (total - 1);
  const lowerRank = Math.floor(rank);
  const lower = valueAtRank(sketch, lowerRank);
  const upper = rank > lowerRank ? valueAtRank(sketch, lowerRank + 1) : lower;
  const estimate = lower + (rank - lowerRank) * (upper - lower);
  return maxMs === undefined ? estimate : Math.min(estimate, maxMs);
}

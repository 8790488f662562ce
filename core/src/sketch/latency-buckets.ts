/**
 * Log-bucket latency histogram (the DDSketch mapping): bucket `i ≥ 1` holds latencies in
 * [MIN·γ^(i-1), MIN·γ^i) and answers with one value inside it that is at most
 * RELATIVE_ACCURACY away from anything in the bucket. Histograms merge by adding counts,
 * so per-minute rollups combine into any range without losing accuracy.
 *
 * Postgres computes the same index with `lumina_latency_bucket()` (db migration
 * 1732492800000_span-rollups.sql); change both together, or not at all once data exists.
 */

/** Worst relative error of a bucket's representative value (0.9%, inside the 1% promise). */
export const LATENCY_RELATIVE_ACCURACY = 0.009;
/** Latencies below this (1 µs, the stored precision) share bucket 0, which answers 0. */
export const LATENCY_MIN_MS = 0.001;
/** Latencies above this (~27.8 h) share the last bucket. */
export const LATENCY_MAX_MS = 1e8;

const GAMMA = (1 + LATENCY_RELATIVE_ACCURACY) / (1 - LATENCY_RELATIVE_ACCURACY);
/** ln(γ); the SQL function carries the same literal. */
export const LATENCY_LOG_GAMMA = Math.log(GAMMA);
/** The highest bucket index (fits a Postgres smallint). */
export const LATENCY_MAX_BUCKET = Math.floor(Math.log(LATENCY_MAX_MS / LATENCY_MIN_MS) / LATENCY_LOG_GAMMA) + 1;

/** The bucket a latency falls in; negative, zero and sub-µs latencies fall in bucket 0. */
export function latencyBucketIndex(latencyMs: number): number {
  if (!(latencyMs >= LATENCY_MIN_MS)) return 0;
  const index = Math.floor(Math.log(latencyMs / LATENCY_MIN_MS) / LATENCY_LOG_GAMMA) + 1;
  return Math.min(index, LATENCY_MAX_BUCKET);
}

/** The value a bucket answers with: within LATENCY_RELATIVE_ACCURACY of every latency in it. */
export function latencyBucketValueMs(index: number): number {
  if (index <= 0) return 0;
  const lower = LATENCY_MIN_MS * Math.exp((index - 1) * LATENCY_LOG_GAMMA);
  return (2 * lower * GAMMA) / (GAMMA + 1);
}

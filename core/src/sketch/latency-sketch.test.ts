import { describe, expect, it } from 'vitest';
import {
  LATENCY_MAX_BUCKET,
  LATENCY_MAX_MS,
  LATENCY_MIN_MS,
  LATENCY_RELATIVE_ACCURACY,
  latencyBucketIndex,
  latencyBucketValueMs,
} from './latency-buckets.js';
import { latencySketchCount, latencySketchOf, latencySketchQuantile, mergeLatencySketches } from './latency-sketch.js';

/** A seeded PRNG so that every run checks the same numbers. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function logNormal(random: () => number, medianMs: number, sigma: number): number {
  const gaussian = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return Math.round(medianMs * Math.exp(sigma * gaussian) * 1000) / 1000;
}

/** Postgres percentile_cont, computed exactly. */
function percentileCont(values: number[], quantile: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = quantile * (sorted.length - 1);
  const lower = Math.floor(rank);
  const lowerValue = sorted[lower] ?? 0;
  const upperValue = sorted[Math.min(lower + 1, sorted.length - 1)] ?? 0;
  return lowerValue + (rank - lower) * (upperValue - lowerValue);
}

function relativeError(estimate: number, exact: number): number {
  return exact === 0 ? Math.abs(estimate) : Math.abs(estimate - exact) / exact;
}

describe('latency buckets', () => {
  it('answer every latency from 1 µs to ~28 h within 0.9% of its true value', () => {
    const random = mulberry32(7);
    let worst = 0;
    for (let i = 0; i < 200_000; i += 1) {
      const latencyMs = LATENCY_MIN_MS * Math.exp(random() * Math.log(LATENCY_MAX_MS / LATENCY_MIN_MS));
      worst = Math.max(worst, relativeError(latencyBucketValueMs(latencyBucketIndex(latencyMs)), latencyMs));
    }
    expect(worst).toBeLessThanOrEqual(LATENCY_RELATIVE_ACCURACY + 1e-12);
    expect(worst).toBeGreaterThan(LATENCY_RELATIVE_ACCURACY * 0.9);
  });

  it('stay within the accuracy at the exact edges of a bucket', () => {
    for (const index of [1, 2, 100, 700, LATENCY_MAX_BUCKET - 1]) {
      const lower = LATENCY_MIN_MS * Math.exp((index - 1) * Math.log((1 + LATENCY_RELATIVE_ACCURACY) / (1 - LATENCY_RELATIVE_ACCURACY)));
      for (const latencyMs of [lower * (1 + 1e-12), lower * (1 + LATENCY_RELATIVE_ACCURACY * 2) * (1 - 1e-12)]) {
        expect(relativeError(latencyBucketValueMs(latencyBucketIndex(latencyMs)), latencyMs)).toBeLessThanOrEqual(LATENCY_RELATIVE_ACCURACY + 1e-12);
      }
    }
  });

  it('put zero, negative, sub-microsecond and missing latencies in bucket 0, which answers 0', () => {
    for (const latencyMs of [0, -5, 0.0004, Number.NaN]) expect(latencyBucketIndex(latencyMs)).toBe(0);
    expect(latencyBucketValueMs(0)).toBe(0);
    expect(latencyBucketIndex(LATENCY_MIN_MS)).toBe(1);
  });

  it('clamp latencies beyond the range into the last bucket, which fits a smallint', () => {
    expect(latencyBucketIndex(LATENCY_MAX_MS * 10)).toBe(LATENCY_MAX_BUCKET);
    expect(LATENCY_MAX_BUCKET).toBeLessThan(32_767);
  });

  it('are monotonic: a larger latency never lands in a lower bucket', () => {
    let previous = 0;
    for (let latencyMs = 0.001; latencyMs < 1e7; latencyMs *= 1.003) {
      const index = latencyBucketIndex(latencyMs);
      expect(index).toBeGreaterThanOrEqual(previous);
      previous = index;
    }
  });
});

describe('latency sketch', () => {
  const random = mulberry32(42);
  const distributions: Record<string, number[]> = {
    'LLM calls (log-normal around 800 ms)': Array.from({ length: 20_000 }, () => logNormal(random, 800, 0.7)),
    'fast spans (uniform 0–5 ms)': Array.from({ length: 5_000 }, () => Math.round(random() * 5000) / 1000),
    'bimodal cache hits and misses': Array.from({ length: 10_000 }, () => (random() < 0.7 ? logNormal(random, 3, 0.3) : logNormal(random, 2500, 0.5))),
    'a handful of far-apart values': [12, 250, 3_000, 45_000, 90_000],
    'one value': [731.5],
    'ties and zeros': [0, 0, 0, 5, 5, 5, 5, 9.999, 10, 10],
  };

  for (const [name, latencies] of Object.entries(distributions)) {
    it(`estimates p50/p95/p99 within 1% of percentile_cont for ${name}`, () => {
      const sketch = latencySketchOf(latencies);
      for (const quantile of [0, 0.5, 0.9, 0.95, 0.99, 1]) {
        const estimate = latencySketchQuantile(sketch, quantile);
        expect(estimate).not.toBeNull();
        expect(relativeError(estimate ?? Number.NaN, percentileCont(latencies, quantile))).toBeLessThanOrEqual(0.01);
      }
    });
  }

  it('merges like the union of its latencies, whatever the split', () => {
    const latencies = distributions['LLM calls (log-normal around 800 ms)'] ?? [];
    const parts = [latencies.slice(0, 10), latencies.slice(10, 7_000), latencies.slice(7_000)];
    const merged = mergeLatencySketches(parts.map((part) => latencySketchOf(part)));
    expect(merged).toEqual(latencySketchOf(latencies));
    expect(latencySketchCount(merged)).toBe(latencies.length);
  });

  it('keeps buckets ascending and drops empty ones', () => {
    const merged = mergeLatencySketches([
      { buckets: [700, 5], counts: [1, 0] },
      { buckets: [3, 700], counts: [2, 4] },
    ]);
    expect(merged).toEqual({ buckets: [3, 700], counts: [2, 5] });
  });

  it('answers null for an empty sketch and never more than a known maximum', () => {
    expect(latencySketchQuantile({ buckets: [], counts: [] }, 0.5)).toBeNull();
    const sketch = latencySketchOf([100, 100.4]);
    expect(latencySketchQuantile(sketch, 1, 100.4)).toBeLessThanOrEqual(100.4);
  });
});

import { mergeLatencySketches, type LatencySketch } from '@lumina/core';
import type { Queryable } from '../queryable.js';
import { aggregateQuery } from './aggregate-query.js';
import type { Aggregate, AggregateRead } from './scope.js';

/** Numeric columns arrive as numbers (float8) or strings (bigint, numeric). */
type Numeric = number | string;

interface AggregateRow {
  key: string;
  bucket: Date;
  span_count: Numeric;
  root_span_count: Numeric;
  llm_call_count: Numeric;
  llm_error_count: Numeric;
  cost_usd: Numeric;
  prompt_tokens: Numeric;
  completion_tokens: Numeric;
  cached_prompt_tokens: Numeric;
  latency_sum_ms: Numeric;
  latency_max_ms: Numeric | null;
  quality_sum: Numeric;
  quality_count: Numeric;
  /** '{3,17,250}': array text of the histogram (latency reads) */
  latency_buckets?: string;
  latency_counts?: string;
}

/** '{1,2,3}' → [1, 2, 3] (non-negative integer arrays only: no quoting, no NULLs). */
export function parseIntegerArray(text: string | undefined): number[] {
  const values: number[] = [];
  if (text === undefined) return values;
  let value = -1;
  for (let i = 1; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code >= 48 && code <= 57) value = (value < 0 ? 0 : value * 10) + (code - 48);
    else if (value >= 0) {
      values.push(value);
      value = -1;
    }
  }
  return values;
}

function toAggregate(row: AggregateRow, trend: boolean): Aggregate {
  return {
    key: row.key === '' ? null : row.key,
    bucketMs: trend ? row.bucket.getTime() : null,
    spanCount: Number(row.span_count),
    rootSpanCount: Number(row.root_span_count),
    llmCallCount: Number(row.llm_call_count),
    llmErrorCount: Number(row.llm_error_count),
    costUsd: Number(row.cost_usd),
    promptTokens: Number(row.prompt_tokens),
    completionTokens: Number(row.completion_tokens),
    cachedPromptTokens: Number(row.cached_prompt_tokens),
    latencySumMs: Number(row.latency_sum_ms),
    latencyMaxMs: row.latency_max_ms === null ? null : Number(row.latency_max_ms),
    qualitySum: Number(row.quality_sum),
    qualityCount: Number(row.quality_count),
  };
}

/**
 * Sums of the scope per key and/or trend bucket, from rollups, deltas and raw edges.
 * Latency reads get one row per source row and merge sums and histograms here.
 */
export async function readAggregates(db: Queryable, read: AggregateRead): Promise<Aggregate[]> {
  const rows = await db.rows<AggregateRow>(aggregateQuery(read));
  const trend = read.trendInterval !== null;
  if (!read.withLatency) return rows.map((row) => toAggregate(row, trend));
  const groups = new Map<string, { parts: Aggregate[]; sketches: LatencySketch[] }>();
  for (const row of rows) {
    const id = `${row.key}\u0000${trend ? row.bucket.getTime() : ''}`;
    const group = groups.get(id) ?? { parts: [], sketches: [] };
    group.parts.push(toAggregate(row, trend));
    group.sketches.push({ buckets: parseIntegerArray(row.latency_buckets), counts: parseIntegerArray(row.latency_counts) });
    groups.set(id, group);
  }
  return [...groups.values()].map(({ parts, sketches }) => {
    const sketch = sketches.length === 1 ? (sketches[0] as LatencySketch) : mergeLatencySketches(sketches);
    const first = parts[0] as Aggregate;
    return { ...sumAggregates(parts), key: first.key, bucketMs: first.bucketMs, latencyBuckets: sketch.buckets, latencyCounts: sketch.counts };
  });
}

/** The sums of several aggregates (totals from the trend, which reads the same spans). */
export function sumAggregates(aggregates: Aggregate[]): Aggregate {
  const total: Aggregate = {
    key: null, bucketMs: null, spanCount: 0, rootSpanCount: 0, llmCallCount: 0, llmErrorCount: 0, costUsd: 0,
    promptTokens: 0, completionTokens: 0, cachedPromptTokens: 0, latencySumMs: 0, latencyMaxMs: null, qualitySum: 0, qualityCount: 0,
  };
  for (const aggregate of aggregates) {
    total.spanCount += aggregate.spanCount;
    total.rootSpanCount += aggregate.rootSpanCount;
    total.llmCallCount += aggregate.llmCallCount;
    total.llmErrorCount += aggregate.llmErrorCount;
    total.costUsd += aggregate.costUsd;
    total.promptTokens += aggregate.promptTokens;
    total.completionTokens += aggregate.completionTokens;
    total.cachedPromptTokens += aggregate.cachedPromptTokens;
    total.latencySumMs += aggregate.latencySumMs;
    total.qualitySum += aggregate.qualitySum;
    total.qualityCount += aggregate.qualityCount;
    if (aggregate.latencyMaxMs !== null) total.latencyMaxMs = Math.max(total.latencyMaxMs ?? 0, aggregate.latencyMaxMs);
  }
  return total;
}

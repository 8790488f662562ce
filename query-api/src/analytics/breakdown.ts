import type { Database } from '../database.js';
import type { GroupByKey } from '../params/analytics-params.js';
import { latencyStats, roundMs, type LatencyStats } from './latency-stats.js';
import type { BreakdownOrder } from './raw-breakdown-query.js';
import { readAggregates, type AnalyticsScope } from '@lumina/db';
import { readRawBreakdown } from './read-raw.js';

/** One entry of a breakdown, whatever source answered it. */
export interface BreakdownGroup {
  key: string | null;
  llmCallCount: number;
  costUsd: number;
  promptTokens: number;
  completionTokens: number;
  cachedPromptTokens: number;
  latency?: LatencyStats;
}

const SORT_VALUE: Record<BreakdownOrder, (group: BreakdownGroup) => number> = {
  cost: (group) => group.costUsd,
  calls: (group) => group.llmCallCount,
  tokens: (group) => group.promptTokens + group.completionTokens,
};

/** The breakdown of the scope's LLM calls by `groupBy`, largest first; [] without a key. */
export async function readBreakdown(
  db: Database,
  scope: AnalyticsScope,
  groupBy: GroupByKey | undefined,
  order: BreakdownOrder,
  limit: number,
  withLatency: boolean,
): Promise<BreakdownGroup[]> {
  if (groupBy === undefined) return [];
  if (groupBy === 'user_id' || groupBy === 'tag') {
    const rows = await readRawBreakdown(db, scope, groupBy, order, limit, withLatency);
    return rows.map((row) => ({
      key: row.key,
      llmCallCount: row.llm_call_count,
      costUsd: row.cost_usd,
      promptTokens: row.prompt_tokens,
      completionTokens: row.completion_tokens,
      cachedPromptTokens: row.cached_prompt_tokens,
      ...(withLatency
        ? {
            latency: {
              count: row.llm_call_count,
              avgMs: roundMs(row.avg_ms ?? null),
              p50Ms: roundMs(row.percentiles?.[0] ?? null),
              p95Ms: roundMs(row.percentiles?.[1] ?? null),
              p99Ms: roundMs(row.percentiles?.[2] ?? null),
              maxMs: roundMs(row.latency_max_ms ?? null),
            },
          }
        : {}),
    }));
  }
  const aggregates = await readAggregates(db, { scope, key: groupBy, trendInterval: null, withLatency });
  const groups = aggregates
    .filter((aggregate) => aggregate.llmCallCount > 0)
    .map((aggregate) => ({
      key: aggregate.key,
      llmCallCount: aggregate.llmCallCount,
      costUsd: aggregate.costUsd,
      promptTokens: aggregate.promptTokens,
      completionTokens: aggregate.completionTokens,
      cachedPromptTokens: aggregate.cachedPromptTokens,
      ...(withLatency ? { latency: latencyStats(aggregate) } : {}),
    }));
  const value = SORT_VALUE[order];
  return groups.sort((a, b) => value(b) - value(a) || String(a.key ?? '').localeCompare(String(b.key ?? ''))).slice(0, limit);
}

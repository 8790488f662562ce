import type { AnalyticsScope } from '@lumina/db';
import type { Database } from '../database.js';
import { rawBreakdownQuery, type BreakdownOrder, type RawKey } from './raw-breakdown-query.js';
import { traceCountQuery } from './trace-count-query.js';

/** One group of a breakdown by user or tag, with exact latency statistics when asked. */
export interface RawBreakdownRow {
  key: string | null;
  llm_call_count: number;
  llm_error_count: number;
  cost_usd: number;
  prompt_tokens: number;
  completion_tokens: number;
  cached_prompt_tokens: number;
  avg_ms?: number | null;
  latency_max_ms?: number | null;
  percentiles?: number[] | null;
}

export async function readRawBreakdown(
  db: Database,
  scope: AnalyticsScope,
  key: RawKey,
  order: BreakdownOrder,
  limit: number,
  withLatency: boolean,
): Promise<RawBreakdownRow[]> {
  return db.rows<RawBreakdownRow>(rawBreakdownQuery(scope, key, order, limit, withLatency));
}

/** Traces started in the scope's range that used its model/provider. */
export async function readTraceCount(db: Database, scope: AnalyticsScope): Promise<number> {
  const rows = await db.rows<{ trace_count: number }>(traceCountQuery(scope));
  return rows[0]?.trace_count ?? 0;
}

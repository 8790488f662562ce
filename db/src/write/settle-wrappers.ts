/**
 * Settles the counted wrappers of some traces after a write (core/src/usage): a wrapper
 * whose usage repeats a span stored since (its children arrived in a later export) stops
 * being counted, and the trace summary and rollups lose exactly what it had added. Runs in
 * the writer's transaction, after the batch statement locked the traces' summary rows, so
 * two writers settling one trace take turns, and the second sees the first's spans.
 */
import type pg from 'pg';
import { spansRepeatingUsage, type WrapperKind } from '@lumina/core';

interface TraceSpanRow {
  project_id: string;
  trace_id: string;
  span_id: string;
  parent_span_id: string | null;
  start_us: string;
  end_us: string;
  is_llm: boolean;
  wrapper_kind: WrapperKind | null;
  provider: string | null;
}

const TRACE_SPANS_SQL = `
SELECT s.project_id, s.trace_id, s.span_id, s.parent_span_id, s.is_llm, s.wrapper_kind, s.provider,
  (extract(epoch FROM s.start_time) * 1e6)::bigint AS start_us, (extract(epoch FROM s.end_time) * 1e6)::bigint AS end_us
FROM spans s JOIN unnest($1::text[], $2::text[]) AS k (project_id, trace_id)
  ON s.project_id = k.project_id AND s.trace_id = k.trace_id`;

/** Uncounts the given wrappers (still counted ones only) and takes their share out of the summaries and rollups. */
export const UNCOUNT_WRAPPERS_SQL = `
WITH keys AS (SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) AS k (project_id, trace_id, span_id)),
old AS (
  SELECT s.project_id, s.trace_id, s.span_id, s.start_time, s.service_name, s.model, s.provider, s.status,
    s.latency_ms, s.prompt_tokens, s.completion_tokens, s.cached_prompt_tokens, s.cost_usd
  FROM spans s JOIN keys k ON s.project_id = k.project_id AND s.trace_id = k.trace_id AND s.span_id = k.span_id
  WHERE s.is_llm AND s.wrapper_kind IS NOT NULL
  FOR UPDATE OF s
),
uncounted AS (
  UPDATE spans s SET is_llm = false, prompt_tokens = NULL, completion_tokens = NULL, cached_prompt_tokens = NULL,
    cost_usd = NULL, price_source = NULL, price_version = NULL
  FROM old
  WHERE s.project_id = old.project_id AND s.trace_id = old.trace_id AND s.span_id = old.span_id AND s.start_time = old.start_time
  RETURNING 1
),
trace_fix AS (
  UPDATE traces t SET llm_call_count = t.llm_call_count - o.calls, open_wrappers = t.open_wrappers - o.calls,
    total_cost_usd = t.total_cost_usd - o.cost_usd, prompt_tokens = t.prompt_tokens - o.prompt_tokens,
    completion_tokens = t.completion_tokens - o.completion_tokens, updated_at = now()
  FROM (SELECT project_id, trace_id, count(*) AS calls, coalesce(sum(cost_usd), 0) AS cost_usd,
          coalesce(sum(prompt_tokens), 0) AS prompt_tokens, coalesce(sum(completion_tokens), 0) AS completion_tokens
        FROM old GROUP BY project_id, trace_id) AS o
  WHERE t.project_id = o.project_id AND t.trace_id = o.trace_id
  RETURNING 1
),
rollup_fix AS (
  INSERT INTO span_rollup_deltas (project_id, bucket_start, service_name, model, provider,
    span_count, root_span_count, llm_call_count, llm_error_count, cost_usd, prompt_tokens,
    completion_tokens, cached_prompt_tokens, latency_sum_ms, latency_max_ms, latency_buckets, latency_counts)
  SELECT project_id, bucket_start, service_name, model, provider, 0, 0, -sum(calls), -sum(errors), -sum(cost_usd),
    -sum(prompt_tokens), -sum(completion_tokens), -sum(cached_prompt_tokens), -sum(latency_sum_ms), NULL,
    array_agg(latency_bucket ORDER BY latency_bucket), array_agg(-calls::integer ORDER BY latency_bucket)
  FROM (
    SELECT project_id, date_bin('1 minute', start_time, timestamptz 'epoch') AS bucket_start, service_name,
      coalesce(model, '') AS model, coalesce(provider, '') AS provider, lumina_latency_bucket(latency_ms) AS latency_bucket,
      count(*) AS calls, count(*) FILTER (WHERE status = 'error') AS errors, coalesce(sum(cost_usd), 0) AS cost_usd,
      coalesce(sum(prompt_tokens), 0) AS prompt_tokens, coalesce(sum(completion_tokens), 0) AS completion_tokens,
      coalesce(sum(cached_prompt_tokens), 0) AS cached_prompt_tokens, sum(latency_ms) AS latency_sum_ms
    FROM old GROUP BY 1, 2, 3, 4, 5, 6
  ) AS cells
  GROUP BY project_id, bucket_start, service_name, model, provider
  RETURNING 1
)
SELECT (SELECT count(*) FROM uncounted)::int AS uncounted, (SELECT count(*) FROM trace_fix)::int AS traces, (SELECT count(*) FROM rollup_fix)::int AS cells`;

/** Settles the open wrappers of these traces; returns how many stopped being counted. */
export async function settleWrappers(client: pg.PoolClient, traces: readonly (readonly [string, string])[]): Promise<number> {
  if (traces.length === 0) return 0;
  const { rows } = await client.query<TraceSpanRow>(TRACE_SPANS_SQL, [traces.map((t) => t[0]), traces.map((t) => t[1])]);
  const repeating = spansRepeatingUsage(
    rows.map((row) => ({
      traceId: `${row.project_id}/${row.trace_id}`,
      spanId: row.span_id,
      parentSpanId: row.parent_span_id,
      start: Number(row.start_us),
      end: Number(row.end_us),
      carriesUsage: row.is_llm || row.wrapper_kind !== null,
      wrapperKind: row.wrapper_kind,
      provider: row.provider,
    })),
  );
  const uncount = rows.filter((row) => row.is_llm && repeating.has(`${row.project_id}/${row.trace_id}/${row.span_id}`));
  if (uncount.length === 0) return 0;
  const result = await client.query<{ uncounted: number }>(UNCOUNT_WRAPPERS_SQL, [
    uncount.map((row) => row.project_id),
    uncount.map((row) => row.trace_id),
    uncount.map((row) => row.span_id),
  ]);
  return result.rows[0]?.uncounted ?? 0;
}

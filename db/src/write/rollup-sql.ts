import { STAGING_TABLE } from './staging-columns.js';

/**
 * The rollup and search-queue CTEs of the batch statement (batch-sql.ts), after the spans insert.
 *
 * Contract:
 * - they read only the CTE `ins` (the rows actually inserted), so a redelivered span is never
 *   counted twice; `ins` must return at least INS_COLUMNS_READ;
 * - `rollup` appends one row to `span_rollup_deltas` per (project, UTC minute, service, model,
 *   provider) of the batch, in key order. The table has no unique key, so the insert takes
 *   no row locks: processor replicas never wait on or deadlock with each other here;
 * - something must fold the deltas into `span_rollups` every second or so (the upkeep job,
 *   upkeep.ts; safe from many replicas at once);
 * - needs migration 1732492800000_span-rollups.sql.
 *
 * Per row: spans, root spans (traces started), LLM calls and their errors, cost and token
 * sums, for LLM calls the latency sum, max and log histogram (core/src/sketch), and the sum
 * and count of quality scores (exact averages).
 */
/** The columns of `ins` the rollup and search-queue CTEs read. */
export const INS_COLUMNS_READ = [
  'project_id', 'trace_id', 'span_id', 'parent_span_id', 'service_name', 'start_time', 'latency_ms', 'status',
  'is_llm', 'provider', 'model', 'prompt_tokens', 'completion_tokens', 'cached_prompt_tokens', 'cost_usd', 'quality_score',
] as const;

/** A span's latency histogram bucket (LLM calls only), as the rollups count it. */
export const LATENCY_BUCKET_SQL = 'CASE WHEN is_llm THEN lumina_latency_bucket(latency_ms) END';

/**
 * The measures of one rollup cell over a group of spans, shared by the rollup CTE (over `ins`)
 * and the readers' raw edges (over `spans`), so that both count exactly alike.
 */
export const CELL_MEASURES_SQL = `count(*) AS span_count,
      count(*) FILTER (WHERE parent_span_id IS NULL) AS root_span_count,
      count(*) FILTER (WHERE is_llm) AS llm_call_count,
      count(*) FILTER (WHERE is_llm AND status = 'error') AS llm_error_count,
      coalesce(sum(cost_usd), 0) AS cost_usd,
      coalesce(sum(prompt_tokens), 0) AS prompt_tokens,
      coalesce(sum(completion_tokens), 0) AS completion_tokens,
      coalesce(sum(cached_prompt_tokens), 0) AS cached_prompt_tokens,
      coalesce(sum(latency_ms) FILTER (WHERE is_llm), 0) AS latency_sum_ms,
      max(latency_ms) FILTER (WHERE is_llm) AS latency_max_ms,
      coalesce(sum(quality_score), 0) AS quality_sum,
      count(quality_score) AS quality_count`;

export const SPAN_ROLLUP_CTE = `
rollup AS (
  INSERT INTO span_rollup_deltas (project_id, bucket_start, service_name, model, provider,
    span_count, root_span_count, llm_call_count, llm_error_count, cost_usd, prompt_tokens,
    completion_tokens, cached_prompt_tokens, latency_sum_ms, latency_max_ms, latency_buckets, latency_counts,
    quality_sum, quality_count)
  SELECT project_id, bucket_start, service_name, model, provider,
    sum(span_count), sum(root_span_count), sum(llm_call_count), sum(llm_error_count), sum(cost_usd),
    sum(prompt_tokens), sum(completion_tokens), sum(cached_prompt_tokens), sum(latency_sum_ms),
    max(latency_max_ms),
    coalesce(array_agg(latency_bucket ORDER BY latency_bucket) FILTER (WHERE latency_bucket IS NOT NULL), '{}'),
    coalesce(array_agg(llm_call_count::integer ORDER BY latency_bucket) FILTER (WHERE latency_bucket IS NOT NULL), '{}'),
    sum(quality_sum), sum(quality_count)
  FROM (
    SELECT project_id, date_bin('1 minute', start_time, timestamptz 'epoch') AS bucket_start,
      service_name, coalesce(model, '') AS model, coalesce(provider, '') AS provider,
      ${LATENCY_BUCKET_SQL} AS latency_bucket,
      ${CELL_MEASURES_SQL}
    FROM ins
    GROUP BY 1, 2, 3, 4, 5, 6
  ) AS cells
  GROUP BY project_id, bucket_start, service_name, model, provider
  ORDER BY project_id, bucket_start, service_name, model, provider
)`;

/** The search-queue CTE: the keys of `source`'s rows matching `condition`, for the indexer (no index, no locks). */
export function searchQueueCte(source: string, condition: string): string {
  return `
search_queue AS (
  INSERT INTO span_search_queue (project_id, trace_id, span_id, start_time)
  SELECT project_id, trace_id, span_id, start_time FROM ${source}
  WHERE ${condition}
)`;
}

/**
 * The search CTEs: an inserted LLM call (the only spans with prompt/response, API.md) whose
 * document the processors made (staging column `search_document`, core/src/search) goes
 * straight into `span_search`; the others' keys are appended to `span_search_queue` (no index,
 * no locks) for the upkeep job to index off the ingest path, so `ins` need not return the text.
 * Postgres' text parser was most of the database's CPU per span (~100 µs for 1–2 KB), the GIN
 * insert of a ready document a fraction of it. Needs migration 1732492800001_span-search.sql
 * and the day's span_search partition (ensureSpanPartitions makes both).
 */
export const SPAN_SEARCH_CTE = `
search_docs AS (
  SELECT DISTINCT ON (ins.project_id, ins.trace_id, ins.span_id, ins.start_time)
    ins.project_id, ins.trace_id, ins.span_id, ins.start_time, b.search_document
  FROM ins LEFT JOIN ${STAGING_TABLE} AS b ON b.project_id = ins.project_id AND b.trace_id = ins.trace_id
    AND b.span_id = ins.span_id AND timestamptz 'epoch' + b.start_us * interval '1 microsecond' = ins.start_time
  WHERE ins.is_llm
),
search_direct AS (
  INSERT INTO span_search (project_id, trace_id, span_id, start_time, document)
  SELECT project_id, trace_id, span_id, start_time, search_document FROM search_docs
  WHERE search_document IS NOT NULL
),
${searchQueueCte('search_docs', 'search_document IS NULL')}`;

/** Every inserted LLM call queued for Postgres to index (BatchParts.searchDocuments off: tests of the queued state, benches). */
export const SPAN_SEARCH_QUEUE_ONLY_CTE = searchQueueCte('ins', 'is_llm');

/**
 * The rollup CTE the processors splice into their batch statement, after the spans insert:
 *
 *   WITH ins AS (INSERT INTO spans ... ON CONFLICT DO NOTHING RETURNING *),
 *        ...,
 *        ${SPAN_ROLLUP_CTE}
 *   SELECT ...
 *
 * Contract:
 * - reads only the CTE `ins` (the rows actually inserted, every column of `spans`), so a
 *   redelivered span is never counted twice;
 * - defines one CTE named `rollup` and takes no parameters; nothing needs to reference it
 *   (Postgres runs every data-modifying CTE exactly once);
 * - upserts one row of `span_rollups` per (project, resolution minute|hour|day, dims,
 *   UTC bucket, service, model, provider) touched by the batch, in key order, so that
 *   processor replicas lock rows in the same order and cannot deadlock each other;
 * - needs migration 1732492800000_span-rollups.sql (table and SQL functions).
 *
 * Per row: spans, root spans (traces started), LLM calls and their errors, cost and token
 * sums, and for LLM calls the latency sum, max and log histogram (core/src/sketch).
 */
export const SPAN_ROLLUP_CTE = `
rollup AS (
  INSERT INTO span_rollups AS r (project_id, resolution, dims, bucket_start, service_name, model, provider,
    span_count, root_span_count, llm_call_count, llm_error_count, cost_usd, prompt_tokens,
    completion_tokens, cached_prompt_tokens, latency_sum_ms, latency_max_ms, latency_buckets, latency_counts)
  SELECT project_id, resolution, dims, bucket_start, service_name, model, provider,
    sum(span_count), sum(root_span_count), sum(llm_call_count), sum(llm_error_count), sum(cost_usd),
    sum(prompt_tokens), sum(completion_tokens), sum(cached_prompt_tokens), sum(latency_sum_ms),
    max(latency_max_ms),
    coalesce(array_agg(latency_bucket ORDER BY latency_bucket) FILTER (WHERE llm_call_count > 0), '{}'),
    coalesce(array_agg(llm_call_count::integer ORDER BY latency_bucket) FILTER (WHERE llm_call_count > 0), '{}')
  FROM (
    SELECT i.project_id, res.resolution, d.dims, date_trunc(res.resolution, i.start_time, 'UTC') AS bucket_start,
      d.service_name, d.model, d.provider,
      CASE WHEN i.is_llm THEN lumina_latency_bucket(i.latency_ms) END AS latency_bucket,
      count(*) AS span_count,
      count(*) FILTER (WHERE i.parent_span_id IS NULL) AS root_span_count,
      count(*) FILTER (WHERE i.is_llm) AS llm_call_count,
      count(*) FILTER (WHERE i.is_llm AND i.status = 'error') AS llm_error_count,
      coalesce(sum(i.cost_usd), 0) AS cost_usd,
      coalesce(sum(i.prompt_tokens), 0) AS prompt_tokens,
      coalesce(sum(i.completion_tokens), 0) AS completion_tokens,
      coalesce(sum(i.cached_prompt_tokens), 0) AS cached_prompt_tokens,
      coalesce(sum(i.latency_ms) FILTER (WHERE i.is_llm), 0) AS latency_sum_ms,
      max(i.latency_ms) FILTER (WHERE i.is_llm) AS latency_max_ms
    FROM ins AS i
    CROSS JOIN (VALUES ('minute'), ('hour'), ('day')) AS res (resolution)
    CROSS JOIN LATERAL (VALUES
      ('service_model_provider', i.service_name, coalesce(i.model, ''), coalesce(i.provider, '')),
      ('service', i.service_name, '', ''),
      ('all', '', '', '')) AS d (dims, service_name, model, provider)
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
  ) AS cells
  GROUP BY project_id, resolution, dims, bucket_start, service_name, model, provider
  ORDER BY project_id, resolution, dims, bucket_start, service_name, model, provider
  ON CONFLICT (project_id, resolution, dims, bucket_start, service_name, model, provider) DO UPDATE SET
    span_count = r.span_count + EXCLUDED.span_count,
    root_span_count = r.root_span_count + EXCLUDED.root_span_count,
    llm_call_count = r.llm_call_count + EXCLUDED.llm_call_count,
    llm_error_count = r.llm_error_count + EXCLUDED.llm_error_count,
    cost_usd = r.cost_usd + EXCLUDED.cost_usd,
    prompt_tokens = r.prompt_tokens + EXCLUDED.prompt_tokens,
    completion_tokens = r.completion_tokens + EXCLUDED.completion_tokens,
    cached_prompt_tokens = r.cached_prompt_tokens + EXCLUDED.cached_prompt_tokens,
    latency_sum_ms = r.latency_sum_ms + EXCLUDED.latency_sum_ms,
    latency_max_ms = greatest(r.latency_max_ms, EXCLUDED.latency_max_ms),
    (latency_buckets, latency_counts) = (
      SELECT m.buckets, m.counts
      FROM lumina_merge_latency_sketch(r.latency_buckets, r.latency_counts, EXCLUDED.latency_buckets, EXCLUDED.latency_counts) AS m),
    updated_at = now()
)`;

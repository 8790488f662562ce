-- Up Migration

-- Quality of LLM calls (issue #17): the processors' score in [0, 1] and the signals that
-- produced it (core/src/quality), null on spans that are not an LLM call. An LLM judge may
-- later rewrite the score of a borderline call (and append a rollup delta of the difference).
ALTER TABLE spans ADD COLUMN quality_score real CHECK (quality_score IS NULL OR (quality_score >= 0 AND quality_score <= 1));
ALTER TABLE spans ADD COLUMN quality_signals jsonb;
-- A trace's quality is its worst call's (min of its LLM calls' scores; null without any).
ALTER TABLE traces ADD COLUMN quality_score real;

-- Rollups carry the sum and count of scores so averages over any range stay exact.
ALTER TABLE span_rollup_deltas ADD COLUMN quality_sum double precision NOT NULL DEFAULT 0;
ALTER TABLE span_rollup_deltas ADD COLUMN quality_count bigint NOT NULL DEFAULT 0;
ALTER TABLE span_rollups ADD COLUMN quality_sum double precision NOT NULL DEFAULT 0;
ALTER TABLE span_rollups ADD COLUMN quality_count bigint NOT NULL DEFAULT 0;

-- The compaction of 1732492800000_span-rollups.sql, folding the quality sums too.
CREATE OR REPLACE FUNCTION lumina_compact_span_rollups() RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  folded bigint;
BEGIN
  IF NOT pg_try_advisory_xact_lock(hashtext('lumina_compact_span_rollups')) THEN
    RETURN -1;
  END IF;
  WITH taken AS (DELETE FROM span_rollup_deltas RETURNING *),
  expanded AS (
    SELECT t.project_id, res.resolution, d.dims, date_bin(res.width, t.bucket_start, timestamptz 'epoch') AS bucket_start,
      d.service_name, d.model, d.provider, t.span_count, t.root_span_count, t.llm_call_count,
      t.llm_error_count, t.cost_usd, t.prompt_tokens, t.completion_tokens, t.cached_prompt_tokens,
      t.latency_sum_ms, t.latency_max_ms, t.latency_buckets, t.latency_counts,
      t.quality_sum, t.quality_count
    FROM taken AS t
    CROSS JOIN (VALUES ('minute', interval '1 minute'), ('hour', interval '1 hour'), ('day', interval '1 day')) AS res (resolution, width)
    CROSS JOIN LATERAL (VALUES
      ('service_model_provider', t.service_name, t.model, t.provider),
      ('service', t.service_name, '', ''),
      ('all', '', '', '')) AS d (dims, service_name, model, provider)
  ),
  sums AS (
    SELECT project_id, resolution, dims, bucket_start, service_name, model, provider,
      sum(span_count) AS span_count, sum(root_span_count) AS root_span_count,
      sum(llm_call_count) AS llm_call_count, sum(llm_error_count) AS llm_error_count,
      sum(cost_usd) AS cost_usd, sum(prompt_tokens) AS prompt_tokens,
      sum(completion_tokens) AS completion_tokens, sum(cached_prompt_tokens) AS cached_prompt_tokens,
      sum(latency_sum_ms) AS latency_sum_ms, max(latency_max_ms) AS latency_max_ms,
      sum(quality_sum) AS quality_sum, sum(quality_count) AS quality_count
    FROM expanded
    GROUP BY project_id, resolution, dims, bucket_start, service_name, model, provider
  ),
  histogram AS (
    SELECT project_id, resolution, dims, bucket_start, service_name, model, provider,
      array_agg(bucket ORDER BY bucket) AS latency_buckets,
      array_agg(least(total, 2147483647)::integer ORDER BY bucket) AS latency_counts
    FROM (
      SELECT project_id, resolution, dims, bucket_start, service_name, model, provider, bucket, sum(count) AS total
      FROM (SELECT project_id, resolution, dims, bucket_start, service_name, model, provider,
              unnest(latency_buckets) AS bucket, unnest(latency_counts) AS count FROM expanded) AS exploded
      GROUP BY project_id, resolution, dims, bucket_start, service_name, model, provider, bucket
    ) AS cells
    GROUP BY project_id, resolution, dims, bucket_start, service_name, model, provider
  ),
  upserted AS (
  INSERT INTO span_rollups AS r
  SELECT s.project_id, s.resolution, s.dims, s.bucket_start, s.service_name, s.model, s.provider,
    s.span_count, s.root_span_count, s.llm_call_count, s.llm_error_count, s.cost_usd, s.prompt_tokens,
    s.completion_tokens, s.cached_prompt_tokens, s.latency_sum_ms, s.latency_max_ms,
    coalesce(h.latency_buckets, '{}'), coalesce(h.latency_counts, '{}'),
    s.quality_sum, s.quality_count
  FROM sums AS s
  LEFT JOIN histogram AS h USING (project_id, resolution, dims, bucket_start, service_name, model, provider)
  ORDER BY s.project_id, s.resolution, s.dims, s.bucket_start, s.service_name, s.model, s.provider
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
    quality_sum = r.quality_sum + EXCLUDED.quality_sum,
    quality_count = r.quality_count + EXCLUDED.quality_count,
    (latency_buckets, latency_counts) = (
      SELECT coalesce(array_agg(bucket ORDER BY bucket), '{}'), coalesce(array_agg(least(total, 2147483647)::integer ORDER BY bucket), '{}')
      FROM (
        SELECT bucket, sum(count) AS total
        FROM (SELECT unnest(r.latency_buckets) AS bucket, unnest(r.latency_counts) AS count
              UNION ALL
              SELECT unnest(EXCLUDED.latency_buckets), unnest(EXCLUDED.latency_counts)) AS both_histograms
        GROUP BY bucket
      ) AS merged)
  RETURNING 1
  )
  SELECT count(*) INTO folded FROM taken;
  RETURN folded;
END;
$$;


-- Down Migration
CREATE OR REPLACE FUNCTION lumina_compact_span_rollups() RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  folded bigint;
BEGIN
  IF NOT pg_try_advisory_xact_lock(hashtext('lumina_compact_span_rollups')) THEN
    RETURN -1;
  END IF;
  WITH taken AS (DELETE FROM span_rollup_deltas RETURNING *),
  expanded AS (
    SELECT t.project_id, res.resolution, d.dims, date_bin(res.width, t.bucket_start, timestamptz 'epoch') AS bucket_start,
      d.service_name, d.model, d.provider, t.span_count, t.root_span_count, t.llm_call_count,
      t.llm_error_count, t.cost_usd, t.prompt_tokens, t.completion_tokens, t.cached_prompt_tokens,
      t.latency_sum_ms, t.latency_max_ms, t.latency_buckets, t.latency_counts
    FROM taken AS t
    CROSS JOIN (VALUES ('minute', interval '1 minute'), ('hour', interval '1 hour'), ('day', interval '1 day')) AS res (resolution, width)
    CROSS JOIN LATERAL (VALUES
      ('service_model_provider', t.service_name, t.model, t.provider),
      ('service', t.service_name, '', ''),
      ('all', '', '', '')) AS d (dims, service_name, model, provider)
  ),
  sums AS (
    SELECT project_id, resolution, dims, bucket_start, service_name, model, provider,
      sum(span_count) AS span_count, sum(root_span_count) AS root_span_count,
      sum(llm_call_count) AS llm_call_count, sum(llm_error_count) AS llm_error_count,
      sum(cost_usd) AS cost_usd, sum(prompt_tokens) AS prompt_tokens,
      sum(completion_tokens) AS completion_tokens, sum(cached_prompt_tokens) AS cached_prompt_tokens,
      sum(latency_sum_ms) AS latency_sum_ms, max(latency_max_ms) AS latency_max_ms
    FROM expanded
    GROUP BY project_id, resolution, dims, bucket_start, service_name, model, provider
  ),
  histogram AS (
    SELECT project_id, resolution, dims, bucket_start, service_name, model, provider,
      array_agg(bucket ORDER BY bucket) AS latency_buckets,
      array_agg(least(total, 2147483647)::integer ORDER BY bucket) AS latency_counts
    FROM (
      SELECT project_id, resolution, dims, bucket_start, service_name, model, provider, bucket, sum(count) AS total
      FROM (SELECT project_id, resolution, dims, bucket_start, service_name, model, provider,
              unnest(latency_buckets) AS bucket, unnest(latency_counts) AS count FROM expanded) AS exploded
      GROUP BY project_id, resolution, dims, bucket_start, service_name, model, provider, bucket
    ) AS cells
    GROUP BY project_id, resolution, dims, bucket_start, service_name, model, provider
  ),
  upserted AS (
  INSERT INTO span_rollups AS r
  SELECT s.project_id, s.resolution, s.dims, s.bucket_start, s.service_name, s.model, s.provider,
    s.span_count, s.root_span_count, s.llm_call_count, s.llm_error_count, s.cost_usd, s.prompt_tokens,
    s.completion_tokens, s.cached_prompt_tokens, s.latency_sum_ms, s.latency_max_ms,
    coalesce(h.latency_buckets, '{}'), coalesce(h.latency_counts, '{}')
  FROM sums AS s
  LEFT JOIN histogram AS h USING (project_id, resolution, dims, bucket_start, service_name, model, provider)
  ORDER BY s.project_id, s.resolution, s.dims, s.bucket_start, s.service_name, s.model, s.provider
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
      SELECT coalesce(array_agg(bucket ORDER BY bucket), '{}'), coalesce(array_agg(least(total, 2147483647)::integer ORDER BY bucket), '{}')
      FROM (
        SELECT bucket, sum(count) AS total
        FROM (SELECT unnest(r.latency_buckets) AS bucket, unnest(r.latency_counts) AS count
              UNION ALL
              SELECT unnest(EXCLUDED.latency_buckets), unnest(EXCLUDED.latency_counts)) AS both_histograms
        GROUP BY bucket
      ) AS merged)
  RETURNING 1
  )
  SELECT count(*) INTO folded FROM taken;
  RETURN folded;
END;
$$;

ALTER TABLE span_rollups DROP COLUMN quality_count;
ALTER TABLE span_rollups DROP COLUMN quality_sum;
ALTER TABLE span_rollup_deltas DROP COLUMN quality_count;
ALTER TABLE span_rollup_deltas DROP COLUMN quality_sum;
ALTER TABLE traces DROP COLUMN quality_score;
ALTER TABLE spans DROP COLUMN quality_signals;
ALTER TABLE spans DROP COLUMN quality_score;

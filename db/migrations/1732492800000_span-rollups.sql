-- Up Migration

-- Latency bucket of the log histogram (core/src/sketch/latency-buckets.ts; keep both equal):
-- bucket i >= 1 holds [0.001 ms * g^(i-1), 0.001 ms * g^i) with g = 1.009/0.991, so a
-- bucket's value is within 0.9% of every latency in it; bucket 0 holds 0 and sub-µs values.
-- Plain SQL and not STRICT, so that the planner inlines it.
CREATE FUNCTION lumina_latency_bucket(latency_ms double precision) RETURNS smallint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN latency_ms IS NULL THEN NULL
    WHEN latency_ms < 0.001 THEN 0
    ELSE least(floor(ln(latency_ms / 0.001) / 0.018000486023620893) + 1, 1408)::smallint
  END
$$;

-- Per-minute aggregates appended by the processors in the statement that inserts the spans
-- (db/src/rollup-sql.ts), so they count exactly the rows inserted. Append-only: no key, no
-- row locks, so processor replicas never wait on each other. lumina_compact_span_rollups()
-- folds them into span_rollups; readers add the deltas not folded yet.
-- Latency columns cover LLM calls only; latency_buckets/latency_counts are the sparse log
-- histogram (ascending buckets). model/provider are '' for spans without one.
CREATE TABLE span_rollup_deltas (
  project_id            text        NOT NULL,
  bucket_start          timestamptz NOT NULL,
  service_name          text        NOT NULL,
  model                 text        NOT NULL,
  provider              text        NOT NULL,
  span_count            bigint      NOT NULL,
  root_span_count       bigint      NOT NULL,
  llm_call_count        bigint      NOT NULL,
  llm_error_count       bigint      NOT NULL,
  cost_usd              double precision NOT NULL,
  prompt_tokens         bigint      NOT NULL,
  completion_tokens     bigint      NOT NULL,
  cached_prompt_tokens  bigint      NOT NULL,
  latency_sum_ms        double precision NOT NULL,
  latency_max_ms        double precision,
  latency_buckets       smallint[]  NOT NULL,
  latency_counts        integer[]   NOT NULL
) WITH (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 5000);

-- The folded aggregates, per UTC bucket at three resolutions and three levels of detail:
--   resolution  'minute' | 'hour' | 'day'
--   dims        'service_model_provider' | 'service' | 'all' (the dropped columns hold '')
-- A query reads the coarsest rows that answer it (few rows, small histograms to merge).
CREATE TABLE span_rollups (
  project_id            text        NOT NULL,
  resolution            text        NOT NULL CHECK (resolution IN ('minute', 'hour', 'day')),
  dims                  text        NOT NULL CHECK (dims IN ('service_model_provider', 'service', 'all')),
  bucket_start          timestamptz NOT NULL,
  service_name          text        NOT NULL,
  model                 text        NOT NULL,
  provider              text        NOT NULL,
  span_count            bigint      NOT NULL,
  root_span_count       bigint      NOT NULL,
  llm_call_count        bigint      NOT NULL,
  llm_error_count       bigint      NOT NULL,
  cost_usd              double precision NOT NULL,
  prompt_tokens         bigint      NOT NULL,
  completion_tokens     bigint      NOT NULL,
  cached_prompt_tokens  bigint      NOT NULL,
  latency_sum_ms        double precision NOT NULL,
  latency_max_ms        double precision,
  latency_buckets       smallint[]  NOT NULL,
  latency_counts        integer[]   NOT NULL,
  PRIMARY KEY (project_id, resolution, dims, bucket_start, service_name, model, provider)
) WITH (fillfactor = 80); -- room for HOT updates of the current buckets

-- Folds every committed delta into span_rollups in one transaction (readers see either the
-- deltas or their folded sums, never both). One caller at a time; others return -1 at once.
-- Returns the number of deltas folded. Histogram counts saturate instead of overflowing.
CREATE FUNCTION lumina_compact_span_rollups() RETURNS bigint LANGUAGE plpgsql AS $$
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

-- Down Migration
DROP FUNCTION lumina_compact_span_rollups();
DROP TABLE span_rollups;
DROP TABLE span_rollup_deltas;
DROP FUNCTION lumina_latency_bucket(double precision);

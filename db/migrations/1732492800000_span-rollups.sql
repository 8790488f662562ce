-- Up Migration

-- Latency bucket of the log histogram (core/src/sketch/latency-buckets.ts; keep both equal):
-- bucket i >= 1 holds [0.001 ms * g^(i-1), 0.001 ms * g^i) with g = 1.009/0.991,
-- so a bucket's value is within 0.9% of every latency in it; bucket 0 holds 0 and sub-µs.
-- Plain SQL, not STRICT, so that the planner inlines it.
CREATE FUNCTION lumina_latency_bucket(latency_ms double precision) RETURNS smallint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN latency_ms IS NULL THEN NULL
    WHEN latency_ms < 0.001 THEN 0
    ELSE least(floor(ln(latency_ms / 0.001) / 0.018000486023620893) + 1, 1408)::smallint
  END
$$;

-- Aggregates of spans per time bucket, maintained by the processors in the statement that
-- inserts the spans (db/src/rollup-sql.ts), so they count exactly the rows inserted.
--   resolution  'minute' | 'hour' | 'day' (a date_trunc field; buckets in UTC)
--   dims        which of service_name, model, provider the row keeps:
--               'service_model_provider' | 'service' | 'all'; the others hold ''
--   model, provider: '' also for spans without one.
-- Latency columns cover LLM calls only (is_llm); latency_buckets/latency_counts are the
-- sparse log histogram (ascending buckets, merged by adding counts).
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
  updated_at            timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (project_id, resolution, dims, bucket_start, service_name, model, provider)
) WITH (fillfactor = 70); -- room for HOT updates: every batch updates the current buckets in place

-- Adds two sparse histograms (the ON CONFLICT merge of span_rollups). Counts saturate
-- instead of overflowing, so a hot bucket can never make an insert fail.
CREATE FUNCTION lumina_merge_latency_sketch(
  a_buckets smallint[], a_counts integer[], b_buckets smallint[], b_counts integer[],
  OUT buckets smallint[], OUT counts integer[])
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(bucket ORDER BY bucket), '{}'), coalesce(array_agg(total ORDER BY bucket), '{}')
  FROM (
    SELECT bucket, least(sum(count), 2147483647)::integer AS total
    FROM (
      SELECT unnest(a_buckets) AS bucket, unnest(a_counts) AS count
      UNION ALL
      SELECT unnest(b_buckets), unnest(b_counts)
    ) AS both_sketches
    GROUP BY bucket
  ) AS merged
$$;

-- Down Migration
DROP FUNCTION lumina_merge_latency_sketch(smallint[], integer[], smallint[], integer[]);
DROP TABLE span_rollups;
DROP FUNCTION lumina_latency_bucket(double precision);

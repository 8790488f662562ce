-- Up Migration

-- The mapping report's counts arrive as rows appended per processor batch, and upkeep folds them
-- into convention_stats (lumina_fold_convention_deltas); the report reads both, so it is exact
-- before the fold. Each batch upserting the same few report rows made every writer wait for the
-- transaction that last touched them: the express lane spent ~40% of its batches waiting there.
CREATE TABLE convention_stat_deltas (
  delta_id          bigint      GENERATED ALWAYS AS IDENTITY,
  project_id        text        NOT NULL,
  scope_name        text        NOT NULL,
  scope_version     text        NOT NULL,
  kind              text        NOT NULL,
  name              text        NOT NULL,
  source            text        NOT NULL,
  span_count        bigint      NOT NULL,
  flagged           boolean     NOT NULL,
  example_trace_id  text        NOT NULL,
  example_span_id   text        NOT NULL,
  seen_at           timestamptz NOT NULL DEFAULT now()
);

-- Folds every delta into convention_stats: counts added, the latest delta's flag and example
-- kept. One caller at a time (-1 for the others); returns how many deltas were folded.
CREATE FUNCTION lumina_fold_convention_deltas() RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  folded bigint;
BEGIN
  IF NOT pg_try_advisory_xact_lock(hashtext('lumina_fold_convention_deltas')) THEN
    RETURN -1;
  END IF;
  WITH taken AS (DELETE FROM convention_stat_deltas RETURNING *),
  latest AS (
    SELECT DISTINCT ON (project_id, scope_name, scope_version, kind, name, source)
      project_id, scope_name, scope_version, kind, name, source, flagged, example_trace_id, example_span_id, seen_at,
      sum(span_count) OVER (PARTITION BY project_id, scope_name, scope_version, kind, name, source) AS span_count
    FROM taken
    ORDER BY project_id, scope_name, scope_version, kind, name, source, delta_id DESC
  ),
  upserted AS (
    INSERT INTO convention_stats AS c (project_id, scope_name, scope_version, kind, name, source, span_count, flagged,
      example_trace_id, example_span_id, last_seen)
    SELECT project_id, scope_name, scope_version, kind, name, source, span_count, flagged, example_trace_id, example_span_id, seen_at
    FROM latest
    ON CONFLICT (project_id, scope_name, scope_version, kind, name, source) DO UPDATE SET
      span_count = c.span_count + EXCLUDED.span_count,
      flagged = EXCLUDED.flagged,
      example_trace_id = EXCLUDED.example_trace_id,
      example_span_id = EXCLUDED.example_span_id,
      last_seen = greatest(c.last_seen, EXCLUDED.last_seen)
    RETURNING 1
  )
  SELECT count(*) INTO folded FROM taken;
  RETURN folded;
END;
$$;

-- Down Migration
SELECT lumina_fold_convention_deltas();
DROP FUNCTION lumina_fold_convention_deltas();
DROP TABLE convention_stat_deltas;

-- Up Migration

-- Text search over prompt and response, indexed off the ingest path. A synchronous GIN on
-- 1-2 KB prompts cut ingest by ~65% (bench/query-write-cost.ts), so the processors only
-- append the keys of LLM calls to span_search_queue (no index, no locks) and
-- lumina_index_span_search() turns them into span_search documents. Searches read both,
-- so a span is searchable as soon as it is stored.
CREATE TABLE span_search_queue (
  project_id  text        NOT NULL,
  trace_id    text        NOT NULL,
  span_id     text        NOT NULL,
  start_time  timestamptz NOT NULL
) WITH (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 5000);

-- Partitioned by day like spans, so retention drops them together and a time range prunes
-- the GIN indexes it does not need.
CREATE TABLE span_search (
  project_id  text        NOT NULL,
  trace_id    text        NOT NULL,
  span_id     text        NOT NULL,
  start_time  timestamptz NOT NULL,
  document    tsvector    NOT NULL
) PARTITION BY RANGE (start_time);
CREATE INDEX span_search_document_idx ON span_search USING gin (document);

-- The searchable words of a span: case-folded, unstemmed ('simple'), language-neutral.
-- Each field is capped at 64 KB so that one giant prompt cannot stall the indexer.
CREATE FUNCTION lumina_search_document(prompt text, response text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT to_tsvector('simple'::regconfig, left(coalesce(prompt, ''), 65536) || ' ' || left(coalesce(response, ''), 65536))
$$;

-- A search string as a phrase query over the same words.
CREATE FUNCTION lumina_search_query(q text) RETURNS tsquery
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT phraseto_tsquery('simple'::regconfig, q)
$$;

-- Creates the day partition of span_search holding `day` if it is missing (the indexer calls
-- it for the days it is about to write). Created standalone, then attached: ATTACH takes only
-- a SHARE UPDATE EXCLUSIVE lock, so searches running meanwhile are never blocked.
CREATE FUNCTION lumina_ensure_search_partition(day date) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  part text := format('span_search_%s', to_char(day, 'YYYYMMDD'));
  lower timestamptz := day::timestamp AT TIME ZONE 'UTC';
  upper timestamptz := (day + 1)::timestamp AT TIME ZONE 'UTC';
BEGIN
  IF to_regclass(part) IS NOT NULL THEN
    RETURN;
  END IF;
  BEGIN
    EXECUTE format('CREATE TABLE %I (LIKE span_search INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', part);
    EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I CHECK (start_time >= %L AND start_time < %L)', part, part || '_range', lower, upper);
    EXECUTE format('ALTER TABLE span_search ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', part, lower, upper);
    EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', part, part || '_range');
  EXCEPTION WHEN duplicate_table OR unique_violation THEN
    NULL; -- another indexer created it first
  END;
END;
$$;

-- Indexes up to max_spans queued spans; returns how many. Several callers may run at once
-- (SKIP LOCKED hands each its own rows); a span leaves the queue in the transaction that
-- indexes it, so none is lost or indexed twice.
CREATE FUNCTION lumina_index_span_search(max_spans integer) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  project_ids text[];
  trace_ids text[];
  span_ids text[];
  start_times timestamptz[];
BEGIN
  WITH taken AS (
    DELETE FROM span_search_queue
    WHERE ctid = ANY (ARRAY(SELECT ctid FROM span_search_queue LIMIT max_spans FOR UPDATE SKIP LOCKED))
    RETURNING project_id, trace_id, span_id, start_time
  )
  SELECT array_agg(project_id), array_agg(trace_id), array_agg(span_id), array_agg(start_time)
  INTO project_ids, trace_ids, span_ids, start_times
  FROM taken;
  IF project_ids IS NULL THEN
    RETURN 0;
  END IF;
  PERFORM lumina_ensure_search_partition(day)
  FROM (SELECT DISTINCT (start_time AT TIME ZONE 'UTC')::date AS day FROM unnest(start_times) AS start_time) AS days;
  INSERT INTO span_search (project_id, trace_id, span_id, start_time, document)
  SELECT t.project_id, t.trace_id, t.span_id, t.start_time, lumina_search_document(s.prompt, s.response)
  FROM unnest(project_ids, trace_ids, span_ids, start_times) AS t (project_id, trace_id, span_id, start_time)
  JOIN spans AS s ON s.project_id = t.project_id AND s.trace_id = t.trace_id
    AND s.span_id = t.span_id AND s.start_time = t.start_time
  WHERE s.prompt IS NOT NULL OR s.response IS NOT NULL;
  RETURN cardinality(project_ids);
END;
$$;

-- Trace lists by user or session (one user's or conversation's traces) would otherwise scan
-- every trace in time order. Measured cost on ingest: within noise (bench/query-write-cost.ts).
CREATE INDEX traces_project_user_start_idx ON traces (project_id, user_id, start_time DESC) WHERE user_id IS NOT NULL;
CREATE INDEX traces_project_session_start_idx ON traces (project_id, session_id, start_time DESC) WHERE session_id IS NOT NULL;

-- Down Migration
DROP INDEX traces_project_session_start_idx;
DROP INDEX traces_project_user_start_idx;
DROP FUNCTION lumina_index_span_search(integer);
DROP FUNCTION lumina_ensure_search_partition(date);
DROP FUNCTION lumina_search_query(text);
DROP FUNCTION lumina_search_document(text, text);
DROP TABLE span_search;
DROP TABLE span_search_queue;

-- Up Migration

-- Span events and gen_ai events sent as OTLP log records (issue #18).
--   events             the span's own events (exceptions and others), [{name, time_unix_nano, attributes}]
--   tool_calls         tool calls the model asked for, from gen_ai events
--   log_events         the gen_ai log events joined to this span so far (by key), what the
--                      content columns are recomputed from when another one arrives
--   content_from_logs  the content columns those events filled (the span's own values are never overwritten)
ALTER TABLE spans
  ADD COLUMN events jsonb,
  ADD COLUMN tool_calls jsonb,
  ADD COLUMN log_events jsonb,
  ADD COLUMN content_from_logs text[];

-- gen_ai events waiting for their span. Every event lands here first; the processors' join job
-- merges those whose span is stored and deletes them, and rechecks the others with a growing
-- delay until LOG_EVENT_ORPHAN_TTL_SECONDS after they arrived, when they are dropped.
-- The key makes a resent or redelivered event one row.
CREATE TABLE pending_log_events (
  project_id     text        NOT NULL,
  trace_id       text        NOT NULL,
  span_id        text        NOT NULL,
  event_key      text        NOT NULL,
  event          jsonb       NOT NULL,
  received_at    timestamptz NOT NULL DEFAULT now(),
  next_check_at  timestamptz NOT NULL DEFAULT now(),
  checks         integer     NOT NULL DEFAULT 0,
  PRIMARY KEY (project_id, trace_id, span_id, event_key)
);
CREATE INDEX pending_log_events_next_check_idx ON pending_log_events (next_check_at);

-- The search indexer, now safe to run twice for one span: a span whose prompt or response
-- changed after it was indexed (events joined later) is queued again, and its old document is
-- replaced, never duplicated.
CREATE OR REPLACE FUNCTION lumina_index_span_search(max_spans integer) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  project_ids text[];
  trace_ids text[];
  span_ids text[];
  start_times timestamptz[];
  taken_count integer;
BEGIN
  WITH taken AS (
    DELETE FROM span_search_queue
    WHERE ctid = ANY (ARRAY(SELECT ctid FROM span_search_queue LIMIT max_spans FOR UPDATE SKIP LOCKED))
    RETURNING project_id, trace_id, span_id, start_time
  ),
  counted AS (SELECT count(*)::int AS n FROM taken),
  keys AS (SELECT DISTINCT project_id, trace_id, span_id, start_time FROM taken)
  SELECT (SELECT n FROM counted), array_agg(project_id), array_agg(trace_id), array_agg(span_id), array_agg(start_time)
  INTO taken_count, project_ids, trace_ids, span_ids, start_times
  FROM keys;
  IF project_ids IS NULL THEN
    RETURN coalesce(taken_count, 0);
  END IF;
  PERFORM lumina_ensure_search_partition(day)
  FROM (SELECT DISTINCT (start_time AT TIME ZONE 'UTC')::date AS day FROM unnest(start_times) AS start_time) AS days;
  DELETE FROM span_search AS d
  USING unnest(project_ids, trace_ids, span_ids, start_times) AS t (project_id, trace_id, span_id, start_time)
  WHERE d.project_id = t.project_id AND d.trace_id = t.trace_id AND d.span_id = t.span_id AND d.start_time = t.start_time;
  INSERT INTO span_search (project_id, trace_id, span_id, start_time, document)
  SELECT t.project_id, t.trace_id, t.span_id, t.start_time, lumina_search_document(s.prompt, s.response)
  FROM unnest(project_ids, trace_ids, span_ids, start_times) AS t (project_id, trace_id, span_id, start_time)
  JOIN spans AS s ON s.project_id = t.project_id AND s.trace_id = t.trace_id
    AND s.span_id = t.span_id AND s.start_time = t.start_time
  WHERE s.prompt IS NOT NULL OR s.response IS NOT NULL;
  RETURN taken_count;
END;
$$;

-- Down Migration
DROP TABLE pending_log_events;
ALTER TABLE spans DROP COLUMN events, DROP COLUMN tool_calls, DROP COLUMN log_events, DROP COLUMN content_from_logs;

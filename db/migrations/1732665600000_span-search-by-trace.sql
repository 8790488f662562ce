-- Up Migration

-- Lets a search for a common word walk traces (or spans) newest first and probe each one,
-- instead of collecting every matching span: the GIN index answers "which spans contain a
-- rare word", this one answers "does this span/trace contain the word". Written by the
-- search indexer only, off the ingest path.
CREATE INDEX span_search_trace_idx ON span_search (project_id, trace_id, span_id);

-- Down Migration
DROP INDEX span_search_trace_idx;

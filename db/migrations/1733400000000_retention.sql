-- Up Migration

-- Retention (issue #19): a project's override of TRACE_RETENTION_DAYS is named for what it
-- keeps (spans, trace summaries, search documents, feedback); rollups follow the platform's
-- ROLLUP_RETENTION_DAYS. Null: the platform's TRACE_RETENTION_DAYS.
ALTER TABLE projects RENAME COLUMN retention_days TO trace_retention_days;
COMMENT ON COLUMN projects.trace_retention_days IS
  'days this project''s spans, trace summaries, search documents and feedback are kept; null: TRACE_RETENTION_DAYS';

-- Down Migration
COMMENT ON COLUMN projects.trace_retention_days IS NULL;
ALTER TABLE projects RENAME COLUMN trace_retention_days TO retention_days;

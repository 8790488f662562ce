-- Up Migration

-- Projects and their API keys (issue #19). Every stored row already carries project_id;
-- a project's own settings override the platform's where they are set.
CREATE TABLE projects (
  project_id         text        PRIMARY KEY,
  name               text        NOT NULL,
  created_at         timestamptz NOT NULL DEFAULT now(),
  -- distinct traces a UTC day; null: the platform's DAILY_TRACE_LIMIT
  daily_trace_limit  integer     CHECK (daily_trace_limit IS NULL OR daily_trace_limit >= 0),
  -- days spans are kept; null: the platform's TRACE_RETENTION_DAYS
  retention_days     integer     CHECK (retention_days IS NULL OR retention_days >= 1),
  -- PII redaction of this project: {"disabled_kinds": [..], "patterns": [{"kind", "pattern", "flags"?}]}
  redaction          jsonb       NOT NULL DEFAULT '{}'
);
INSERT INTO projects (project_id, name) VALUES ('default', 'Default project');

-- Keys are shown once; only a hash of the secret is kept. The key id is the public prefix
-- that identifies a key in logs and listings.
CREATE TABLE api_keys (
  key_id       text        PRIMARY KEY,
  project_id   text        NOT NULL REFERENCES projects (project_id),
  secret_hash  text        NOT NULL,
  scopes       text[]      NOT NULL CHECK (scopes <@ ARRAY['ingest', 'read', 'admin']::text[] AND cardinality(scopes) > 0),
  name         text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  revoked_at   timestamptz
);
CREATE INDEX api_keys_project_idx ON api_keys (project_id);

-- How many values of each kind the processors redacted in a span, e.g. {"email": 2}; null: none.
ALTER TABLE spans ADD COLUMN redactions jsonb;

-- Down Migration
ALTER TABLE spans DROP COLUMN redactions;
DROP TABLE api_keys;
DROP TABLE projects;

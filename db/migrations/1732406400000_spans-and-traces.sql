-- Up Migration

-- Every stored row carries project_id (tenancy from the first migration).

CREATE TABLE spans (
  project_id            text        NOT NULL DEFAULT 'default',
  trace_id              text        NOT NULL,
  span_id               text        NOT NULL,
  parent_span_id        text,
  name                  text        NOT NULL,
  kind                  text        NOT NULL,
  service_name          text        NOT NULL,
  start_time            timestamptz NOT NULL,
  end_time              timestamptz NOT NULL,
  latency_ms            double precision NOT NULL,
  status                text        NOT NULL,
  status_message        text,
  is_llm                boolean     NOT NULL DEFAULT false,
  provider              text,
  model                 text,
  operation             text,
  prompt_tokens         integer,
  completion_tokens     integer,
  cached_prompt_tokens  integer,
  cost_usd              double precision,
  prompt                text,
  response              text,
  system_prompt         text,
  finish_reason         text,
  user_id               text,
  session_id            text,
  tags                  text[]      NOT NULL DEFAULT '{}',
  attributes            jsonb       NOT NULL DEFAULT '{}',
  resource              jsonb       NOT NULL DEFAULT '{}',
  ingested_at           timestamptz NOT NULL DEFAULT now(),
  -- The partition key must be part of the key; a redelivered span has the same start time.
  PRIMARY KEY (project_id, trace_id, span_id, start_time)
) PARTITION BY RANGE (start_time);

CREATE INDEX spans_project_start_idx ON spans (project_id, start_time DESC, span_id DESC);
CREATE INDEX spans_llm_model_idx ON spans (project_id, model, start_time DESC) WHERE is_llm;

-- Creates the day partition of spans holding `day` if it is missing. Safe to call concurrently.
CREATE FUNCTION lumina_ensure_span_partition(day date) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  part text := format('spans_%s', to_char(day, 'YYYYMMDD'));
BEGIN
  IF to_regclass(part) IS NOT NULL THEN
    RETURN;
  END IF;
  -- Two replicas may race here: the loser's CREATE fails as a duplicate, which is success.
  BEGIN
    EXECUTE format(
      'CREATE TABLE %I PARTITION OF spans FOR VALUES FROM (%L) TO (%L)',
      part, day::timestamp AT TIME ZONE 'UTC', (day + 1)::timestamp AT TIME ZONE 'UTC');
  EXCEPTION WHEN duplicate_table OR unique_violation THEN
    NULL;
  END;
END;
$$;

CREATE TABLE traces (
  project_id         text        NOT NULL DEFAULT 'default',
  trace_id           text        NOT NULL,
  service_name       text        NOT NULL,
  root_span_name     text,
  has_root           boolean     NOT NULL DEFAULT false,
  start_time         timestamptz NOT NULL,
  end_time           timestamptz NOT NULL,
  span_count         integer     NOT NULL DEFAULT 0,
  llm_call_count     integer     NOT NULL DEFAULT 0,
  error_count        integer     NOT NULL DEFAULT 0,
  degraded_count     integer     NOT NULL DEFAULT 0,
  models             text[]      NOT NULL DEFAULT '{}',
  providers          text[]      NOT NULL DEFAULT '{}',
  total_cost_usd     double precision NOT NULL DEFAULT 0,
  prompt_tokens      bigint      NOT NULL DEFAULT 0,
  completion_tokens  bigint      NOT NULL DEFAULT 0,
  user_id            text,
  session_id         text,
  tags               text[]      NOT NULL DEFAULT '{}',
  updated_at         timestamptz NOT NULL DEFAULT now(),
  duration_ms        double precision GENERATED ALWAYS AS (extract(epoch FROM (end_time - start_time)) * 1000) STORED,
  status             text GENERATED ALWAYS AS (
                       CASE WHEN error_count > 0 THEN 'error' WHEN degraded_count > 0 THEN 'degraded' ELSE 'ok' END) STORED,
  PRIMARY KEY (project_id, trace_id)
);

CREATE INDEX traces_project_start_idx ON traces (project_id, start_time DESC, trace_id DESC);

-- Down Migration
DROP TABLE traces;
DROP FUNCTION lumina_ensure_span_partition(date);
DROP TABLE spans;

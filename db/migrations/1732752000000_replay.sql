-- Up Migration

-- Replay (API.md "Replay"): a set of captured traces, and one result per LLM call of them.
-- The original call is copied into its result at capture, so a set can be run again after
-- its spans' day partitions are gone. A run is claimed result by result (FOR UPDATE SKIP
-- LOCKED, with a lease), so any number of replay replicas can work on one run.
CREATE TABLE replay_sets (
  project_id        text        NOT NULL DEFAULT 'default',
  replay_id         text        NOT NULL,
  name              text        NOT NULL,
  description       text,
  status            text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'running', 'completed', 'failed')),
  -- live or simulation, decided when a run starts; null before the first run
  mode              text        CHECK (mode IN ('live', 'simulation')),
  -- how the traces were chosen: the ids asked for, or the filters and sampling seed
  capture           jsonb       NOT NULL,
  trace_ids         text[]      NOT NULL,
  total_traces      integer     NOT NULL,
  total_calls       integer     NOT NULL,
  -- the overrides and concurrency of the latest run
  run_settings      jsonb,
  run_count         integer     NOT NULL DEFAULT 0,
  summary           jsonb,
  error             text,
  created_at        timestamptz NOT NULL DEFAULT now(),
  started_at        timestamptz,
  finished_at       timestamptz,
  PRIMARY KEY (project_id, replay_id)
);

CREATE INDEX replay_sets_created_idx ON replay_sets (project_id, created_at DESC, replay_id DESC);
CREATE INDEX replay_sets_running_idx ON replay_sets (status) WHERE status = 'running';

CREATE TABLE replay_results (
  project_id                      text        NOT NULL DEFAULT 'default',
  replay_id                       text        NOT NULL,
  trace_id                        text        NOT NULL,
  span_id                         text        NOT NULL,
  -- the call's place in the set: trace order, then start order inside the trace
  position                        integer     NOT NULL,
  status                          text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'running', 'completed', 'failed')),
  -- the replica working on it, its claim, and until when the claim holds
  claim_token                     text,
  claimed_by                      text,
  lease_until                     timestamptz,
  claims                          integer     NOT NULL DEFAULT 0,
  -- the original call, as stored when captured
  original_provider               text,
  original_model                  text,
  original_prompt                 text,
  original_system_prompt          text,
  original_response               text,
  original_finish_reason          text,
  original_attributes             jsonb       NOT NULL DEFAULT '{}',
  original_start_time             timestamptz NOT NULL,
  original_latency_ms             double precision,
  original_prompt_tokens          integer,
  original_completion_tokens      integer,
  original_cached_prompt_tokens   integer,
  original_cost_usd               double precision,
  -- the replay of the latest run
  replay_provider                 text,
  replay_model                    text,
  replay_prompt                   text,
  replay_system_prompt            text,
  replay_response                 text,
  replay_finish_reason            text,
  replay_latency_ms               double precision,
  replay_prompt_tokens            integer,
  replay_completion_tokens        integer,
  replay_cached_prompt_tokens     integer,
  replay_cost_usd                 double precision,
  simulated                       boolean,
  retries                         integer,
  dropped_parameters              text[]      NOT NULL DEFAULT '{}',
  warnings                        text[]      NOT NULL DEFAULT '{}',
  -- the comparison
  hash_similarity                 double precision,
  local_semantic_score            double precision,
  semantic_score                  double precision,
  semantic_tier                   text        CHECK (semantic_tier IN ('local', 'judge')),
  judge_reason                    text,
  judge_cached                    boolean,
  judge_error                     text,
  diff_summary                    text,
  diff                            jsonb,
  error_code                      text,
  error_message                   text,
  finished_at                     timestamptz,
  PRIMARY KEY (project_id, replay_id, trace_id, span_id),
  FOREIGN KEY (project_id, replay_id) REFERENCES replay_sets (project_id, replay_id) ON DELETE CASCADE
);

-- What a worker claims next: the unfinished results of a run, in set order.
CREATE INDEX replay_results_claimable_idx ON replay_results (project_id, replay_id, position) WHERE status IN ('pending', 'running');

-- Down Migration
DROP TABLE replay_results;
DROP TABLE replay_sets;

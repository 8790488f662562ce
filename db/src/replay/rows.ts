/** Rows of replay_sets and replay_results (migration 1732752000000_replay.sql), as pg returns them. */

export type ReplaySetStatus = 'pending' | 'running' | 'completed' | 'failed';
export type ReplayResultStatus = 'pending' | 'running' | 'completed' | 'failed';
export type ReplayMode = 'live' | 'simulation';

export interface ReplaySetRow {
  project_id: string;
  replay_id: string;
  name: string;
  description: string | null;
  status: ReplaySetStatus;
  mode: ReplayMode | null;
  capture: Record<string, unknown>;
  trace_ids: string[];
  total_traces: number;
  total_calls: number;
  run_settings: Record<string, unknown> | null;
  run_count: number;
  summary: Record<string, unknown> | null;
  error: string | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

/** A set with how far its latest run got. */
export interface ReplaySetProgressRow extends ReplaySetRow {
  completed_traces: number;
  completed_calls: number;
  failed_calls: number;
}

/** The original call of a result, copied from its span at capture. */
export interface ReplayOriginalColumns {
  original_provider: string | null;
  original_model: string | null;
  original_prompt: string | null;
  original_system_prompt: string | null;
  original_response: string | null;
  original_finish_reason: string | null;
  original_attributes: Record<string, unknown>;
  original_start_time: Date;
  original_latency_ms: number | null;
  original_prompt_tokens: number | null;
  original_completion_tokens: number | null;
  original_cached_prompt_tokens: number | null;
  original_cost_usd: number | null;
}

/** What a finished replay wrote (every column null on a pending or failed one, but the error). */
export interface ReplayOutcomeColumns {
  replay_provider: string | null;
  replay_model: string | null;
  replay_prompt: string | null;
  replay_system_prompt: string | null;
  replay_response: string | null;
  replay_finish_reason: string | null;
  replay_latency_ms: number | null;
  replay_prompt_tokens: number | null;
  replay_completion_tokens: number | null;
  replay_cached_prompt_tokens: number | null;
  replay_cost_usd: number | null;
  simulated: boolean | null;
  retries: number | null;
  dropped_parameters: string[];
  warnings: string[];
  hash_similarity: number | null;
  local_semantic_score: number | null;
  semantic_score: number | null;
  semantic_tier: 'local' | 'judge' | null;
  judge_reason: string | null;
  judge_cached: boolean | null;
  judge_error: string | null;
  diff_summary: string | null;
  diff: Record<string, unknown> | null;
  error_code: string | null;
  error_message: string | null;
}

export interface ReplayResultRow extends ReplayOriginalColumns, ReplayOutcomeColumns {
  project_id: string;
  replay_id: string;
  trace_id: string;
  span_id: string;
  position: number;
  status: ReplayResultStatus;
  claim_token: string | null;
  claimed_by: string | null;
  lease_until: Date | null;
  claims: number;
  finished_at: Date | null;
}

/** The key of one result. */
export interface ReplayResultKey {
  projectId: string;
  replayId: string;
  traceId: string;
  spanId: string;
}

/** Reading replay sets, and the state changes of their runs. */
import type { Queryable } from '../read/queryable.js';
import { SqlParams, type SqlQuery } from '../read/sql-params.js';
import type { ReplayMode, ReplaySetProgressRow, ReplaySetRow, ReplaySetStatus } from './rows.js';

/** A set's row plus how far its latest run got, from its results. */
const PROGRESS_COLUMNS = `rs.*,
  coalesce(p.completed_traces, 0)::int AS completed_traces,
  coalesce(p.completed_calls, 0)::int AS completed_calls,
  coalesce(p.failed_calls, 0)::int AS failed_calls`;

const PROGRESS_JOIN = `LEFT JOIN LATERAL (
  SELECT count(*) FILTER (WHERE t.done) AS completed_traces, sum(t.finished) AS completed_calls, sum(t.failed) AS failed_calls
  FROM (
    SELECT bool_and(r.status IN ('completed', 'failed')) AS done,
      count(*) FILTER (WHERE r.status IN ('completed', 'failed')) AS finished,
      count(*) FILTER (WHERE r.status = 'failed') AS failed
    FROM replay_results AS r
    WHERE r.project_id = rs.project_id AND r.replay_id = rs.replay_id
    GROUP BY r.trace_id
  ) AS t
) AS p ON true`;

export function replaySetQuery(projectId: string, replayId: string): SqlQuery {
  const params = new SqlParams();
  return params.query(`SELECT ${PROGRESS_COLUMNS} FROM replay_sets AS rs ${PROGRESS_JOIN}
WHERE rs.project_id = ${params.add(projectId)} AND rs.replay_id = ${params.add(replayId)}`);
}

/** One set with its progress; null when the project has no such set. */
export async function readReplaySet(db: Queryable, projectId: string, replayId: string): Promise<ReplaySetProgressRow | null> {
  const [row] = await db.rows<ReplaySetProgressRow>(replaySetQuery(projectId, replayId));
  return row ?? null;
}

/** The project's sets with their progress, newest first. */
export async function listReplaySets(db: Queryable, projectId: string, limit: number): Promise<ReplaySetProgressRow[]> {
  const params = new SqlParams();
  return db.rows<ReplaySetProgressRow>(
    params.query(`SELECT ${PROGRESS_COLUMNS} FROM (
  SELECT * FROM replay_sets WHERE project_id = ${params.add(projectId)} ORDER BY created_at DESC, replay_id DESC LIMIT ${params.add(limit, 'int')}
) AS rs ${PROGRESS_JOIN}
ORDER BY rs.created_at DESC, rs.replay_id DESC`),
  );
}

export interface RunStart {
  projectId: string;
  replayId: string;
  mode: ReplayMode;
  /** the overrides and concurrency of this run */
  settings: Record<string, unknown>;
}

/**
 * Starts a run of a set that is not running: the set turns `running` and every result
 * `pending` again, its replay columns cleared (one statement, so a crash leaves either the
 * old run or the new one). Returns null when the set is unknown or already running.
 */
export async function startReplayRun(db: Queryable, run: RunStart): Promise<ReplaySetRow | null> {
  const params = new SqlParams();
  const projectId = params.add(run.projectId);
  const replayId = params.add(run.replayId);
  const [row] = await db.rows<ReplaySetRow>(
    params.query(`WITH started AS (
  UPDATE replay_sets SET status = 'running', mode = ${params.add(run.mode)}, run_settings = ${params.add(JSON.stringify(run.settings))}::jsonb,
    run_count = run_count + 1, summary = NULL, error = NULL, started_at = now(), finished_at = NULL
  WHERE project_id = ${projectId} AND replay_id = ${replayId} AND status <> 'running'
  RETURNING *
), reset AS (
  UPDATE replay_results AS r SET status = 'pending', claim_token = NULL, claimed_by = NULL, lease_until = NULL, claims = 0,
    replay_provider = NULL, replay_model = NULL, replay_prompt = NULL, replay_system_prompt = NULL, replay_response = NULL,
    replay_finish_reason = NULL, replay_latency_ms = NULL, replay_prompt_tokens = NULL, replay_completion_tokens = NULL,
    replay_cached_prompt_tokens = NULL, replay_cost_usd = NULL, simulated = NULL, retries = NULL, dropped_parameters = '{}',
    warnings = '{}', hash_similarity = NULL, local_semantic_score = NULL, semantic_score = NULL, semantic_tier = NULL,
    judge_reason = NULL, judge_cached = NULL, judge_error = NULL, diff_summary = NULL, diff = NULL, error_code = NULL,
    error_message = NULL, finished_at = NULL
  FROM started WHERE r.project_id = started.project_id AND r.replay_id = started.replay_id
)
SELECT * FROM started`),
  );
  return row ?? null;
}

/** A set being run, as the workers see it. */
export interface RunningSet {
  project_id: string;
  replay_id: string;
  mode: ReplayMode;
  run_settings: Record<string, unknown>;
  run_count: number;
  started_at: Date;
}

/** Every running set of every project (the workers serve them all). */
export async function readRunningSets(db: Queryable): Promise<RunningSet[]> {
  return db.rows<RunningSet>({
    text: `SELECT project_id, replay_id, mode, run_settings, run_count, started_at FROM replay_sets WHERE status = 'running' ORDER BY started_at`,
    values: [],
  });
}

/**
 * Ends run number `runCount` of a set once none of its results is left to do: `status`
 * and the summary are stored. Returns false when the run is not over (or was already ended).
 */
export async function finishReplayRun(
  db: Queryable,
  run: { projectId: string; replayId: string; runCount: number; status: Extract<ReplaySetStatus, 'completed' | 'failed'>; summary: Record<string, unknown>; error?: string | null },
): Promise<boolean> {
  const params = new SqlParams();
  const projectId = params.add(run.projectId);
  const replayId = params.add(run.replayId);
  const rows = await db.rows(
    params.query(`UPDATE replay_sets SET status = ${params.add(run.status)}, summary = ${params.add(JSON.stringify(run.summary))}::jsonb,
  error = ${params.add(run.error ?? null)}, finished_at = now()
WHERE project_id = ${projectId} AND replay_id = ${replayId} AND status = 'running' AND run_count = ${params.add(run.runCount, 'int')}
  AND NOT EXISTS (SELECT 1 FROM replay_results WHERE project_id = ${projectId} AND replay_id = ${replayId} AND status IN ('pending', 'running'))
RETURNING replay_id`),
  );
  return rows.length > 0;
}

/** Claiming, writing and reading the results of a replay run. */
import type { Queryable } from '../read/queryable.js';
import { SqlParams } from '../read/sql-params.js';
import type { ReplayOutcomeColumns, ReplayResultRow } from './rows.js';

export interface ClaimRequest {
  projectId: string;
  replayId: string;
  /** the replica claiming (logs and diagnosis) */
  worker: string;
  limit: number;
  leaseMs: number;
  /** a result claimed this many times already (its workers died) is failed instead */
  maxClaims: number;
}

/**
 * Claims up to `limit` results of a running set, in set order: pending ones, and running
 * ones whose lease ran out (their replica stopped without releasing them). Rows another
 * replica is claiming right now are skipped (SKIP LOCKED), so replicas never share a
 * result. Each claim gets a token of its own; writes must name it. Results whose claims
 * ran out are failed first, with `interrupted`.
 */
export async function claimResults(db: Queryable, request: ClaimRequest): Promise<ReplayResultRow[]> {
  const params = new SqlParams();
  const projectId = params.add(request.projectId);
  const replayId = params.add(request.replayId);
  const maxClaims = params.add(request.maxClaims, 'int');
  await db.rows(
    params.query(`UPDATE replay_results SET status = 'failed', error_code = 'interrupted', claim_token = NULL, lease_until = NULL, finished_at = now(),
  error_message = 'the replica running this call stopped ' || claims || ' times without finishing it'
WHERE project_id = ${projectId} AND replay_id = ${replayId} AND status = 'running' AND lease_until < now() AND claims >= ${maxClaims}`),
  );
  const claim = new SqlParams();
  const p = claim.add(request.projectId);
  const r = claim.add(request.replayId);
  return db.rows<ReplayResultRow>(
    claim.query(`WITH next AS (
  SELECT project_id, replay_id, trace_id, span_id FROM replay_results
  WHERE project_id = ${p} AND replay_id = ${r}
    AND (status = 'pending' OR (status = 'running' AND lease_until < now() AND claims < ${claim.add(request.maxClaims, 'int')}))
  ORDER BY position
  LIMIT ${claim.add(request.limit, 'int')}
  FOR UPDATE SKIP LOCKED
)
UPDATE replay_results AS res SET status = 'running', claim_token = gen_random_uuid()::text, claimed_by = ${claim.add(request.worker)},
  lease_until = now() + ${claim.add(request.leaseMs, 'int')} * interval '1 millisecond', claims = res.claims + 1
FROM next
WHERE res.project_id = next.project_id AND res.replay_id = next.replay_id AND res.trace_id = next.trace_id AND res.span_id = next.span_id
RETURNING res.*`),
  );
}

/** Extends the leases of the claims this replica still works on. */
export async function renewClaims(db: Queryable, tokens: readonly string[], leaseMs: number): Promise<void> {
  if (tokens.length === 0) return;
  const params = new SqlParams();
  await db.rows(
    params.query(`UPDATE replay_results SET lease_until = now() + ${params.add(leaseMs, 'int')} * interval '1 millisecond'
WHERE claim_token = ANY(${params.add(tokens, 'text[]')}) AND status = 'running'`),
  );
}

/** Gives claims back unfinished (a stopping replica): they are pending again, and the claim is not counted. */
export async function releaseClaims(db: Queryable, tokens: readonly string[]): Promise<number> {
  if (tokens.length === 0) return 0;
  const params = new SqlParams();
  const rows = await db.rows(
    params.query(`UPDATE replay_results SET status = 'pending', claim_token = NULL, claimed_by = NULL, lease_until = NULL, claims = greatest(claims - 1, 0)
WHERE claim_token = ANY(${params.add(tokens, 'text[]')}) AND status = 'running'
RETURNING span_id`),
  );
  return rows.length;
}

/** A finished result: its outcome columns and whether the replay succeeded. */
export interface ResultOutcome {
  claimToken: string;
  status: 'completed' | 'failed';
  outcome: Partial<ReplayOutcomeColumns>;
}

const OUTCOME_COLUMNS: readonly (keyof ReplayOutcomeColumns)[] = [
  'replay_provider', 'replay_model', 'replay_prompt', 'replay_system_prompt', 'replay_response', 'replay_finish_reason',
  'replay_latency_ms', 'replay_prompt_tokens', 'replay_completion_tokens', 'replay_cached_prompt_tokens', 'replay_cost_usd',
  'simulated', 'retries', 'dropped_parameters', 'warnings', 'hash_similarity', 'local_semantic_score', 'semantic_score',
  'semantic_tier', 'judge_reason', 'judge_cached', 'judge_error', 'diff_summary', 'diff', 'error_code', 'error_message',
];
const ARRAY_COLUMNS = new Set<string>(['dropped_parameters', 'warnings']);

/**
 * Writes finished results, each only if its claim still holds (a replica whose lease ran
 * out and was claimed again must not overwrite the newer claim). One statement for the
 * batch; returns the claim tokens written.
 */
export async function writeOutcomes(db: Queryable, outcomes: readonly ResultOutcome[]): Promise<string[]> {
  if (outcomes.length === 0) return [];
  const params = new SqlParams();
  const rows = outcomes.map((item) => ({ claim_token: item.claimToken, status: item.status, ...item.outcome }));
  const sets = OUTCOME_COLUMNS.map((column) =>
    ARRAY_COLUMNS.has(column)
      ? `${column} = coalesce(ARRAY(SELECT jsonb_array_elements_text(o.doc -> '${column}')), '{}')`
      : column === 'diff'
        ? `${column} = o.doc -> '${column}'`
        : `${column} = (o.doc ->> '${column}')::${columnType(column)}`,
  );
  const written = await db.rows<{ claim_token: string }>(
    params.query(`UPDATE replay_results AS res SET status = o.doc ->> 'status', ${sets.join(', ')},
  claim_token = NULL, lease_until = NULL, finished_at = now()
FROM jsonb_array_elements(${params.add(JSON.stringify(rows))}::jsonb) AS o(doc)
WHERE res.claim_token = o.doc ->> 'claim_token' AND res.status = 'running'
RETURNING o.doc ->> 'claim_token' AS claim_token`),
  );
  return written.map((row) => row.claim_token);
}

function columnType(column: keyof ReplayOutcomeColumns): string {
  if (column.endsWith('_tokens') || column === 'retries') return 'int';
  if (column.endsWith('_ms') || column.endsWith('_usd') || column.endsWith('_similarity') || column.endsWith('_score')) return 'float8';
  if (column === 'simulated' || column === 'judge_cached') return 'boolean';
  return 'text';
}

/** Every result of a set in set order. */
export async function readResults(db: Queryable, projectId: string, replayId: string): Promise<ReplayResultRow[]> {
  const params = new SqlParams();
  return db.rows<ReplayResultRow>(
    params.query(`SELECT * FROM replay_results WHERE project_id = ${params.add(projectId)} AND replay_id = ${params.add(replayId)} ORDER BY position`),
  );
}

/** How many results of a set are left to do (pending, or claimed and not finished). */
export async function countUnfinished(db: Queryable, projectId: string, replayId: string): Promise<number> {
  const params = new SqlParams();
  const [row] = await db.rows<{ n: number }>(
    params.query(`SELECT count(*)::int AS n FROM replay_results
WHERE project_id = ${params.add(projectId)} AND replay_id = ${params.add(replayId)} AND status IN ('pending', 'running')`),
  );
  return row?.n ?? 0;
}

/** The providers the set's original calls went to (null for calls that named none). */
export async function readOriginalProviders(db: Queryable, projectId: string, replayId: string): Promise<(string | null)[]> {
  const params = new SqlParams();
  const rows = await db.rows<{ provider: string | null }>(
    params.query(`SELECT DISTINCT original_provider AS provider FROM replay_results
WHERE project_id = ${params.add(projectId)} AND replay_id = ${params.add(replayId)}`),
  );
  return rows.map((row) => row.provider);
}

/**
 * Ends the leases a replica's previous life left (the same worker id after a restart): its
 * calls are claimable again at once instead of after the lease. Returns how many.
 */
export async function expireClaimsOf(db: Queryable, worker: string): Promise<number> {
  const params = new SqlParams();
  const rows = await db.rows(
    params.query(`UPDATE replay_results SET lease_until = now() - interval '1 millisecond'
WHERE claimed_by = ${params.add(worker)} AND status = 'running' AND lease_until > now()
RETURNING span_id`),
  );
  return rows.length;
}

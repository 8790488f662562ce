/** Choosing the traces of a replay set, and storing the set with one result per LLM call. */
import type { Queryable } from '../read/queryable.js';
import { SqlParams, whereClause, type SqlQuery } from '../read/sql-params.js';
import type { ReplaySetRow } from './rows.js';

/** Which traces a capture by filters considers (API.md `filters`); `from` inclusive, `to` exclusive. */
export interface CaptureFilters {
  /** the trace's service (its root span's) */
  service?: string;
  /** a model any LLM call of the trace used */
  model?: string;
  from?: Date;
  to?: Date;
}

/** The ids among `traceIds` that the project has, with their LLM call counts. */
export function knownTracesQuery(projectId: string, traceIds: readonly string[]): SqlQuery {
  const params = new SqlParams();
  return params.query(`SELECT t.trace_id, t.llm_call_count FROM traces AS t
WHERE t.project_id = ${params.add(projectId)} AND t.trace_id = ANY(${params.add(traceIds, 'text[]')})`);
}

/** The ids of traces with at least one LLM call matching the filters, newest first, at most `limit`. */
export function matchingTracesQuery(projectId: string, filters: CaptureFilters, limit: number): SqlQuery {
  const params = new SqlParams();
  const conditions = [`t.project_id = ${params.add(projectId)}`, 't.llm_call_count > 0'];
  if (filters.service !== undefined) conditions.push(`t.service_name = ${params.add(filters.service)}`);
  if (filters.model !== undefined) conditions.push(`${params.add(filters.model)} = ANY(t.models)`);
  if (filters.from !== undefined) conditions.push(`t.start_time >= ${params.add(filters.from, 'timestamptz')}`);
  if (filters.to !== undefined) conditions.push(`t.start_time < ${params.add(filters.to, 'timestamptz')}`);
  return params.query(`SELECT t.trace_id FROM traces AS t
${whereClause(conditions)}
ORDER BY t.start_time DESC, t.trace_id DESC
LIMIT ${params.add(limit, 'int')}`);
}

/** The known ones of `traceIds`, each with its LLM call count. */
export async function readKnownTraces(db: Queryable, projectId: string, traceIds: readonly string[]): Promise<Map<string, number>> {
  const rows = await db.rows<{ trace_id: string; llm_call_count: number }>(knownTracesQuery(projectId, traceIds));
  return new Map(rows.map((row) => [row.trace_id, row.llm_call_count]));
}

/** Trace ids matching the filters, newest first. */
export async function readMatchingTraceIds(db: Queryable, projectId: string, filters: CaptureFilters, limit: number): Promise<string[]> {
  const rows = await db.rows<{ trace_id: string }>(matchingTracesQuery(projectId, filters, limit));
  return rows.map((row) => row.trace_id);
}

export interface NewReplaySet {
  projectId: string;
  replayId: string;
  name: string;
  description: string | null;
  /** how the traces were chosen, kept with the set */
  capture: Record<string, unknown>;
  traceIds: readonly string[];
  /** the operations captured (calls with no operation are captured too) */
  operations: readonly string[];
}

/**
 * One statement: the set, and a result per LLM call of its traces with the original call
 * copied in (in trace order, then start order). Each trace's spans are looked up within
 * its summary's time bounds, which prunes the day partitions. Nothing is stored when the
 * traces have no call of the given operations.
 */
export function insertReplaySetQuery(set: NewReplaySet): SqlQuery {
  const params = new SqlParams();
  const projectId = params.add(set.projectId);
  const replayId = params.add(set.replayId);
  const ids = params.add(set.traceIds, 'text[]');
  return params.query(`WITH calls AS (
  SELECT s.*, row_number() OVER (ORDER BY array_position(${ids}, s.trace_id), s.start_time, s.span_id)::int AS position
  FROM traces AS t
  JOIN spans AS s ON s.project_id = t.project_id AND s.trace_id = t.trace_id
    AND s.start_time >= t.start_time AND s.start_time <= t.end_time
  WHERE t.project_id = ${projectId} AND t.trace_id = ANY(${ids}) AND s.is_llm
    AND (s.operation IS NULL OR s.operation = ANY(${params.add(set.operations, 'text[]')}))
), new_set AS (
  INSERT INTO replay_sets (project_id, replay_id, name, description, capture, trace_ids, total_traces, total_calls)
  SELECT ${projectId}, ${replayId}, ${params.add(set.name)}, ${params.add(set.description)}, ${params.add(JSON.stringify(set.capture))}::jsonb,
    ${ids}, cardinality(${ids}), (SELECT count(*) FROM calls)
  WHERE EXISTS (SELECT 1 FROM calls)
  RETURNING *
), new_results AS (
  INSERT INTO replay_results (project_id, replay_id, trace_id, span_id, position,
    original_provider, original_model, original_prompt, original_system_prompt, original_response, original_finish_reason,
    original_attributes, original_start_time, original_latency_ms, original_prompt_tokens, original_completion_tokens,
    original_cached_prompt_tokens, original_cost_usd)
  SELECT project_id, ${replayId}, trace_id, span_id, position,
    provider, model, prompt, system_prompt, response, finish_reason,
    attributes, start_time, latency_ms, prompt_tokens, completion_tokens, cached_prompt_tokens, cost_usd
  FROM calls
  WHERE EXISTS (SELECT 1 FROM new_set)
)
SELECT * FROM new_set`);
}

/** Stores a captured set and its results; returns the set row, or null when there was no call to capture. */
export async function insertReplaySet(db: Queryable, set: NewReplaySet): Promise<ReplaySetRow | null> {
  const [row] = await db.rows<ReplaySetRow>(insertReplaySetQuery(set));
  return row ?? null;
}

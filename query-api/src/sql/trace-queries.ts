import { traceConditions } from '../filters.js';
import type { Position } from '../cursor.js';
import type { SpanFilters } from '../params/span-filters.js';
import type { SearchPlan } from '../search.js';
import { SPAN_COLUMNS, TRACE_COLUMNS, fromMicros } from './columns.js';
import { SqlParams, whereClause, type SqlQuery } from './params.js';

/** One page of trace summaries, newest first, one row more than `limit` to tell whether more follow. */
export function traceListQuery(projectId: string, filters: SpanFilters, search: SearchPlan | null, after: Position | null, limit: number): SqlQuery {
  const params = new SqlParams();
  const project = params.add(projectId);
  const conditions = [`t.project_id = ${project}`, ...traceConditions(filters, search, project, params)];
  if (after) conditions.push(`(t.start_time, t.trace_id) < (${fromMicros(params.add(after.startUs))}, ${params.add(after.ids[0])})`);
  return params.query(`SELECT ${TRACE_COLUMNS}
FROM traces AS t
${whereClause(conditions)}
ORDER BY t.start_time DESC, t.trace_id DESC
LIMIT ${params.add(limit + 1, 'integer')}`);
}

export function traceSummaryQuery(projectId: string, traceId: string): SqlQuery {
  const params = new SqlParams();
  return params.query(`SELECT ${TRACE_COLUMNS} FROM traces AS t WHERE t.project_id = ${params.add(projectId)} AND t.trace_id = ${params.add(traceId)}`);
}

/**
 * The spans of a trace in start order. Every span starts within [trace start, trace end],
 * so those bounds prune the day partitions to the one or two that can hold it.
 */
export function traceSpansQuery(projectId: string, traceId: string, startUs: string, endUs: string): SqlQuery {
  const params = new SqlParams();
  return params.query(`SELECT ${SPAN_COLUMNS}
FROM spans AS s
WHERE s.project_id = ${params.add(projectId)} AND s.trace_id = ${params.add(traceId)}
  AND s.start_time >= ${fromMicros(params.add(startUs))} AND s.start_time <= ${fromMicros(params.add(endUs))}
ORDER BY s.start_time, s.span_id`);
}

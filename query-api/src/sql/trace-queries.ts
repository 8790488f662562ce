import { traceConditions } from '../filters.js';
import type { Position } from '../cursor.js';
import type { SpanFilters } from '../params/span-filters.js';
import type { SearchPlan } from '../search.js';
import { SqlParams, TRACE_COLUMNS, fromMicros, whereClause, type SqlQuery } from '@lumina/db';

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

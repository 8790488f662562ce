import { spanConditions, spanOrder, spanSource } from '../filters.js';
import type { Position } from '../cursor.js';
import type { SpanFilters } from '../params/span-filters.js';
import type { SearchPlan } from '../search.js';
import { SPAN_COLUMNS, SqlParams, fromMicros, whereClause, type SqlQuery } from '@lumina/db';

/** One page of spans, newest first; (start_time, span_id, trace_id) is unique, so pages never overlap. */
export function spanListQuery(projectId: string, filters: SpanFilters, search: SearchPlan | null, after: Position | null, limit: number): SqlQuery {
  const params = new SqlParams();
  const project = params.add(projectId);
  const source = spanSource(search, project, params);
  const conditions = [`s.project_id = ${project}`, ...spanConditions(filters, search, project, params)];
  if (after) {
    conditions.push(
      `(s.start_time, s.span_id, s.trace_id) < (${fromMicros(params.add(after.startUs))}, ${params.add(after.ids[0])}, ${params.add(after.ids[1])})`,
    );
  }
  return params.query(`SELECT ${SPAN_COLUMNS}
FROM ${source}
${whereClause(conditions)}
ORDER BY ${spanOrder(search)}
LIMIT ${params.add(limit + 1, 'integer')}`);
}

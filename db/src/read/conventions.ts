/** The mapping report's reader (GET /api/conventions): scopes a page at a time, with their rows. */
import type { SqlQuery } from './sql-params.js';

/** One row of `convention_stats`, as the report reads it. */
export interface ConventionStatRow {
  scope_name: string;
  scope_version: string;
  kind: 'spans' | 'field' | 'unmapped';
  name: string;
  source: string;
  span_count: string;
  flagged: boolean;
  example_trace_id: string;
  example_span_id: string;
  last_seen: Date;
}

/**
 * Every row of the scopes after `after` (scope name, then version), `limit` scopes at most
 * (the caller asks one more to know whether more follow), optionally of one scope name.
 */
export function conventionStatsQuery(projectId: string, options: { limit: number; after?: [string, string]; scope?: string }): SqlQuery {
  const values: unknown[] = [projectId, options.limit];
  const conditions = ['project_id = $1'];
  if (options.scope !== undefined) {
    values.push(options.scope);
    conditions.push(`scope_name = $${values.length}`);
  }
  if (options.after !== undefined) {
    values.push(options.after[0], options.after[1]);
    conditions.push(`(scope_name, scope_version) > ($${values.length - 1}, $${values.length})`);
  }
  const where = conditions.join(' AND ');
  return {
    text: `WITH scopes AS (
        SELECT DISTINCT scope_name, scope_version FROM convention_stats WHERE ${where}
        ORDER BY scope_name, scope_version LIMIT $2
      )
      SELECT c.scope_name, c.scope_version, c.kind, c.name, c.source, c.span_count::text, c.flagged,
        c.example_trace_id, c.example_span_id, c.last_seen
      FROM convention_stats c JOIN scopes USING (scope_name, scope_version)
      WHERE c.project_id = $1
      ORDER BY c.scope_name, c.scope_version, c.kind, c.span_count DESC, c.name, c.source`,
    values,
  };
}

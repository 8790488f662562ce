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

/** The report's key columns: a row per project, scope and version, kind, name and source. */
const KEY = 'scope_name, scope_version, kind, name, source';

/**
 * Every row of the scopes after `after` (scope name, then version), `limit` scopes at most
 * (the caller asks one more to know whether more follow), optionally of one scope name. Rows
 * are the folded counts plus the deltas upkeep has not folded yet (migration
 * 1734000000000_convention-deltas.sql), so the report is exact at any moment.
 */
export function conventionStatsQuery(projectId: string, options: { limit: number; after?: [string, string]; scope?: string }): SqlQuery {
  const values: unknown[] = [projectId, options.limit];
  const conditions = ['true'];
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
    text: `WITH pending AS (
        SELECT DISTINCT ON (${KEY}) ${KEY}, flagged, example_trace_id, example_span_id, seen_at AS last_seen,
          sum(span_count) OVER (PARTITION BY ${KEY}) AS span_count
        FROM convention_stat_deltas WHERE project_id = $1
        ORDER BY ${KEY}, delta_id DESC
      ),
      report AS (
        SELECT ${KEY}, coalesce(s.span_count, 0) + coalesce(p.span_count, 0) AS span_count,
          coalesce(p.flagged, s.flagged) AS flagged, coalesce(p.example_trace_id, s.example_trace_id) AS example_trace_id,
          coalesce(p.example_span_id, s.example_span_id) AS example_span_id, greatest(s.last_seen, p.last_seen) AS last_seen
        FROM (SELECT * FROM convention_stats WHERE project_id = $1) AS s FULL JOIN pending AS p USING (${KEY})
      ),
      scopes AS (
        SELECT DISTINCT scope_name, scope_version FROM report WHERE ${where}
        ORDER BY scope_name, scope_version LIMIT $2
      )
      SELECT c.scope_name, c.scope_version, c.kind, c.name, c.source, c.span_count::text, c.flagged,
        c.example_trace_id, c.example_span_id, c.last_seen
      FROM report c JOIN scopes USING (scope_name, scope_version)
      ORDER BY c.scope_name, c.scope_version, c.kind, c.span_count DESC, c.name, c.source`,
    values,
  };
}

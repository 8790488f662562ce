/**
 * The mapping report's counts (migration 1733800000000_conventions.sql): one upsert per
 * processor batch of the batch's aggregate, in key order so concurrent writers never deadlock.
 */
import type pg from 'pg';

/** One row of the report, as a batch adds to it. */
export interface ConventionCount {
  projectId: string;
  scopeName: string;
  scopeVersion: string;
  kind: 'spans' | 'field' | 'unmapped';
  name: string;
  source: string;
  spanCount: number;
  flagged: boolean;
  exampleTraceId: string;
  exampleSpanId: string;
}

const UPSERT_SQL = `
INSERT INTO convention_stats AS c (project_id, scope_name, scope_version, kind, name, source, span_count, flagged,
  example_trace_id, example_span_id, last_seen)
SELECT project_id, scope_name, scope_version, kind, name, source, span_count, flagged, example_trace_id, example_span_id, now()
FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::boolean[], $9::text[], $10::text[])
  AS r (project_id, scope_name, scope_version, kind, name, source, span_count, flagged, example_trace_id, example_span_id)
ORDER BY project_id, scope_name, scope_version, kind, name, source
ON CONFLICT (project_id, scope_name, scope_version, kind, name, source) DO UPDATE SET
  span_count = c.span_count + EXCLUDED.span_count,
  flagged = EXCLUDED.flagged,
  example_trace_id = EXCLUDED.example_trace_id,
  example_span_id = EXCLUDED.example_span_id,
  last_seen = now()`;

/** Adds a batch's counts to the report. */
export async function addConventionCounts(client: pg.PoolClient, counts: readonly ConventionCount[]): Promise<void> {
  if (counts.length === 0) return;
  const column = <T>(read: (count: ConventionCount) => T) => counts.map(read);
  await client.query(UPSERT_SQL, [
    column((c) => c.projectId),
    column((c) => c.scopeName),
    column((c) => c.scopeVersion),
    column((c) => c.kind),
    column((c) => c.name),
    column((c) => c.source),
    column((c) => c.spanCount),
    column((c) => c.flagged),
    column((c) => c.exampleTraceId),
    column((c) => c.exampleSpanId),
  ]);
}

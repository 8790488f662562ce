/**
 * The mapping report's counts (migrations 1733800000000_conventions.sql, 1734000000000_convention-deltas.sql):
 * each processor batch appends its aggregate as delta rows, in the batch's transaction, touching no
 * row another writer holds; upkeep folds them into convention_stats, and the report reads both.
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

const INSERT_SQL = `
INSERT INTO convention_stat_deltas (project_id, scope_name, scope_version, kind, name, source, span_count, flagged,
  example_trace_id, example_span_id)
SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::boolean[], $9::text[], $10::text[])`;

/** Adds a batch's counts to the report (as deltas). */
export async function addConventionCounts(client: pg.PoolClient, counts: readonly ConventionCount[]): Promise<void> {
  if (counts.length === 0) return;
  const column = <T>(read: (count: ConventionCount) => T) => counts.map(read);
  await client.query(INSERT_SQL, [
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

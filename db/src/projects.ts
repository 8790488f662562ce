import type pg from 'pg';

/** A project's own settings; null fields take the platform's. */
export interface ProjectSettings {
  projectId: string;
  name: string;
  dailyTraceLimit: number | null;
  /** days its spans, trace summaries, search documents and feedback are kept */
  traceRetentionDays: number | null;
  redaction: { disabled_kinds?: string[]; patterns?: Array<{ kind: string; pattern: string; flags?: string }> };
}

interface ProjectRow {
  project_id: string;
  name: string;
  daily_trace_limit: number | null;
  trace_retention_days: number | null;
  redaction: ProjectSettings['redaction'];
}

/** Every project's settings. */
export async function readProjectSettings(db: pg.Pool | pg.PoolClient): Promise<ProjectSettings[]> {
  const { rows } = await db.query<ProjectRow>('SELECT project_id, name, daily_trace_limit, trace_retention_days, redaction FROM projects ORDER BY project_id');
  return rows.map((row) => ({
    projectId: row.project_id,
    name: row.name,
    dailyTraceLimit: row.daily_trace_limit,
    traceRetentionDays: row.trace_retention_days,
    redaction: row.redaction ?? {},
  }));
}

/** Creates a project, or updates the given settings of an existing one. */
export async function upsertProject(
  db: pg.Pool | pg.PoolClient,
  project: { projectId: string; name?: string; dailyTraceLimit?: number | null; traceRetentionDays?: number | null; redaction?: ProjectSettings['redaction'] },
): Promise<void> {
  await db.query(
    `INSERT INTO projects (project_id, name, daily_trace_limit, trace_retention_days, redaction)
     VALUES ($1, coalesce($2, $1), $3, $4, coalesce($5::jsonb, '{}'))
     ON CONFLICT (project_id) DO UPDATE SET
       name = coalesce($2, projects.name),
       daily_trace_limit = CASE WHEN $6 THEN $3 ELSE projects.daily_trace_limit END,
       trace_retention_days = CASE WHEN $7 THEN $4 ELSE projects.trace_retention_days END,
       redaction = coalesce($5::jsonb, projects.redaction)`,
    [
      project.projectId,
      project.name ?? null,
      project.dailyTraceLimit ?? null,
      project.traceRetentionDays ?? null,
      project.redaction === undefined ? null : JSON.stringify(project.redaction),
      project.dailyTraceLimit !== undefined,
      project.traceRetentionDays !== undefined,
    ],
  );
}

/**
 * How long trace data is kept: the platform's `TRACE_RETENTION_DAYS`, and the projects that
 * override it (`projects.trace_retention_days`). A project without an override, or absent from
 * the projects table, takes the platform's.
 */
export interface RetentionPolicy {
  traceRetentionDays: number;
  /** project id → its own days, only for projects that set one */
  projectOverrides: ReadonlyMap<string, number>;
}

/** Builds a policy from the platform default and the projects' settings (null: no override). */
export function retentionPolicy(traceRetentionDays: number, projects: Iterable<{ projectId: string; traceRetentionDays: number | null }>): RetentionPolicy {
  const projectOverrides = new Map<string, number>();
  for (const project of projects) {
    if (project.traceRetentionDays !== null) projectOverrides.set(project.projectId, project.traceRetentionDays);
  }
  return { traceRetentionDays, projectOverrides };
}

/** The days a project's traces are kept. */
export function traceRetentionDaysOf(policy: RetentionPolicy, projectId: string): number {
  return policy.projectOverrides.get(projectId) ?? policy.traceRetentionDays;
}

/** The longest retention any project has: a shared day partition can go only after it. */
export function longestTraceRetentionDays(policy: RetentionPolicy): number {
  return Math.max(policy.traceRetentionDays, ...policy.projectOverrides.values());
}

/** The shortest retention any project has: no project's rows expire on a later day. */
export function shortestTraceRetentionDays(policy: RetentionPolicy): number {
  return Math.min(policy.traceRetentionDays, ...policy.projectOverrides.values());
}

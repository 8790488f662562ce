import { Counter, type Registry } from 'prom-client';

/** What retention did, on the upkeep process's /metrics. */
export function createRetentionMetrics(registry: Registry) {
  return {
    runs: new Counter({
      name: 'lumina_retention_runs_total',
      help: 'Retention runs by outcome: completed, skipped (another replica held the lock), failed',
      labelNames: ['outcome'] as const,
      registers: [registry],
    }),
    partitionsDropped: new Counter({
      name: 'lumina_retention_partitions_dropped_total',
      help: 'Day partitions dropped whole by retention',
      labelNames: ['table'] as const,
      registers: [registry],
    }),
    partitionsArchived: new Counter({ name: 'lumina_retention_partitions_archived_total', help: 'Span day partitions written to gzip NDJSON before their drop', registers: [registry] }),
    spansArchived: new Counter({ name: 'lumina_retention_spans_archived_total', help: 'Spans written to archive files', registers: [registry] }),
    rowsDeleted: new Counter({
      name: 'lumina_retention_rows_deleted_total',
      help: 'Rows deleted by retention in batches (trace summaries, feedback, search queue, rollups, and project-scoped deletes in kept partitions)',
      labelNames: ['table'] as const,
      registers: [registry],
    }),
  };
}

export type RetentionMetrics = ReturnType<typeof createRetentionMetrics>;

import type pg from 'pg';
import { deleteInBatches } from './batched-delete.js';

/**
 * The tables retention trims row by row (they are not partitioned by day), and which of a
 * project's rows have expired before a cutoff ($2 after the batch size; $3 the project):
 *   traces            a trace summary goes once its last span is older than the cutoff
 *   span_feedback     feedback follows its project's trace retention, from when it was given
 *   span_search_queue spans queued for indexing whose day has gone
 *   span_rollups      the rollups' own retention (ROLLUP_RETENTION_DAYS), by bucket
 * Each index leads with project_id, so a project's delete walks only its own rows.
 */
export const EXPIRING_ROWS = {
  traces: 'project_id = $3 AND start_time < $2 AND end_time < $2',
  span_feedback: 'project_id = $3 AND created_at < $2',
  span_search_queue: 'project_id = $3 AND start_time < $2',
  span_rollups: 'project_id = $3 AND bucket_start < $2',
} as const;

export type ExpiringTable = keyof typeof EXPIRING_ROWS;

/** Deletes a project's rows of `table` that expired before `cutoff`, in batches; returns how many. */
export async function deleteExpiredRows(db: pg.Pool | pg.PoolClient, table: ExpiringTable, projectId: string, cutoff: Date, batchSize: number): Promise<number> {
  return deleteInBatches(db, table, EXPIRING_ROWS[table], [cutoff, projectId], batchSize);
}

/** Deletes the rows of the given projects from one day partition, in batches (a project whose retention is shorter than the partition's). */
export async function deleteProjectsFromPartition(db: pg.Pool | pg.PoolClient, partition: string, projectIds: string[], batchSize: number): Promise<number> {
  if (projectIds.length === 0) return 0;
  return deleteInBatches(db, partition, 'project_id = ANY ($2::text[])', [projectIds], batchSize);
}

/** The distinct project ids of the queue (no index: it is small, a scan is cheap). */
export async function projectIdsInQueue(db: pg.Pool | pg.PoolClient): Promise<string[]> {
  const { rows } = await db.query<{ project_id: string }>('SELECT DISTINCT project_id FROM span_search_queue');
  return rows.map((row) => row.project_id);
}

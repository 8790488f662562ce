import { expiryCutoff, planDayPartitions, projectsExpiredOn, retentionPolicy, traceRetentionDaysOf, type RetentionPolicy } from '@lumina/core';
import {
  archiveFileName,
  CommitUnknownError,
  deleteExpiredRows,
  deleteProjectsFromPartition,
  dropDayPartition,
  listDayPartitions,
  projectIdsIn,
  projectIdsInQueue,
  readProjectSettings,
  withAdvisoryLock,
  writePartitionArchive,
  type DayPartition,
  type DayPartitionedTable,
  type ExpiringTable,
} from '@lumina/db';
import { rm } from 'node:fs/promises';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { RetentionMetrics } from './retention-metrics.js';

export interface RetentionSettings {
  traceRetentionDays: number;
  rollupRetentionDays: number;
  /** where span partitions are archived before their drop; empty: no archive */
  archiveDir: string;
  deleteBatch: number;
  lockTimeoutMs: number;
}

export interface RetentionReport {
  /** false: another replica was running retention, this one did nothing */
  ran: boolean;
  dropped: Record<DayPartitionedTable, string[]>;
  archived: Array<{ day: string; path: string; spans: number }>;
  deleted: Record<string, number>;
  /** expired partitions whose drop could not get its lock in time: the next run drops them */
  leftForNextRun: Array<{ table: DayPartitionedTable; day: string }>;
}

/** The advisory lock that makes retention run on one upkeep replica at a time. */
export const RETENTION_LOCK = 'lumina_retention';

interface RunContext {
  client: pg.PoolClient;
  settings: RetentionSettings;
  now: Date;
  policy: RetentionPolicy;
  logger: Logger;
  metrics: RetentionMetrics;
  report: RetentionReport;
}

/**
 * One retention run at `now` (the caller's clock): drops the span and search day partitions
 * every project's retention has expired (archiving span partitions first when configured),
 * removes in batches the rows of projects whose shorter retention expired a kept day, then
 * trims trace summaries, feedback, the search queue and rollups. Runs on one replica at a time
 * (an advisory lock); every step is idempotent, so a run after another finds nothing left.
 */
export async function runRetention(pool: pg.Pool, settings: RetentionSettings, now: Date, logger: Logger, metrics: RetentionMetrics): Promise<RetentionReport> {
  const report: RetentionReport = { ran: false, dropped: { spans: [], span_search: [] }, archived: [], deleted: {}, leftForNextRun: [] };
  try {
    const outcome = await withAdvisoryLock(pool, RETENTION_LOCK, async (client) => {
      const policy = retentionPolicy(settings.traceRetentionDays, await readProjectSettings(client));
      const context: RunContext = { client, settings, now, policy, logger, metrics, report };
      await expireDayPartitions(context, 'spans');
      await expireDayPartitions(context, 'span_search');
      for (const table of ['traces', 'span_feedback', 'span_search_queue'] as const) {
        await expireRows(context, table, (projectId) => expiryCutoff(now, traceRetentionDaysOf(policy, projectId)));
      }
      const rollupCutoff = expiryCutoff(now, settings.rollupRetentionDays);
      await expireRows(context, 'span_rollups', () => rollupCutoff);
    });
    report.ran = outcome.acquired;
  } catch (error) {
    metrics.runs.inc({ outcome: 'failed' });
    throw error;
  }
  metrics.runs.inc({ outcome: report.ran ? 'completed' : 'skipped' });
  if (report.ran) logger.info({ at: now.toISOString(), dropped: report.dropped, archived: report.archived.length, deleted: report.deleted, leftForNextRun: report.leftForNextRun }, 'retention run done');
  else logger.info({ at: now.toISOString() }, 'retention skipped: another upkeep replica is running it');
  return report;
}

async function expireDayPartitions(context: RunContext, table: DayPartitionedTable): Promise<void> {
  const partitions = await listDayPartitions(context.client, table);
  const plan = planDayPartitions(partitions.map((partition) => partition.day), context.now, context.policy);
  const byDay = new Map(partitions.map((partition) => [partition.day, partition]));
  for (const day of plan.drop) await dropExpiredPartition(context, table, byDay.get(day) as DayPartition);
  for (const day of plan.partial) await deleteExpiredProjects(context, byDay.get(day) as DayPartition, table);
}

/** Drops one expired partition; one whose lock stays taken (a long query on the table) is left to the next run. */
async function dropExpiredPartition(context: RunContext, table: DayPartitionedTable, partition: DayPartition): Promise<void> {
  try {
    if (table === 'spans' && context.settings.archiveDir !== '') await archiveAndDrop(context, partition);
    else await dropDayPartition(context.client, partition.name, { lockTimeoutMs: context.settings.lockTimeoutMs });
  } catch (error) {
    if ((error as { code?: string }).code !== '55P03') throw error;
    context.report.leftForNextRun.push({ table, day: partition.day });
    context.logger.warn({ table, partition: partition.name }, 'retention could not lock the partition in time (a long query holds its table); the next run drops it');
    return;
  }
  context.report.dropped[table].push(partition.day);
  context.metrics.partitionsDropped.inc({ table });
  context.logger.info({ table, partition: partition.name, day: partition.day }, 'retention dropped a day partition');
}

/** Archives a span partition, then drops it in the same transaction; a drop that did not happen takes its file back. */
async function archiveAndDrop(context: RunContext, partition: DayPartition): Promise<void> {
  let written: { path: string; rows: number } | undefined;
  try {
    await dropDayPartition(context.client, partition.name, {
      lockTimeoutMs: context.settings.lockTimeoutMs,
      beforeDrop: async (client) => {
        written = await writePartitionArchive(client, partition.name, context.settings.archiveDir, archiveFileName(partition.day, context.now));
      },
    });
  } catch (error) {
    // The spans are still in Postgres, so the file goes, unless the drop may have committed.
    if (written && !(error instanceof CommitUnknownError)) await rm(written.path, { force: true });
    throw error;
  }
  const archived = written as { path: string; rows: number };
  context.report.archived.push({ day: partition.day, path: archived.path, spans: archived.rows });
  context.metrics.partitionsArchived.inc();
  context.metrics.spansArchived.inc(archived.rows);
  context.logger.info({ partition: partition.name, file: archived.path, spans: archived.rows }, 'retention archived a day partition');
}

/** In a day partition kept for some project, deletes the rows of the projects whose retention has expired it. */
async function deleteExpiredProjects(context: RunContext, partition: DayPartition, table: DayPartitionedTable): Promise<void> {
  const expired = projectsExpiredOn(partition.day, await projectIdsIn(context.client, partition.name), context.now, context.policy);
  if (expired.length === 0) return;
  const deleted = await deleteProjectsFromPartition(context.client, partition.name, expired, context.settings.deleteBatch);
  countDeleted(context, table, deleted);
  if (deleted > 0) context.logger.info({ partition: partition.name, projects: expired, rows: deleted }, 'retention deleted the rows of projects with a shorter retention');
}

async function expireRows(context: RunContext, table: ExpiringTable, cutoffOf: (projectId: string) => Date): Promise<void> {
  const projectIds = table === 'span_search_queue' ? await projectIdsInQueue(context.client) : await projectIdsIn(context.client, table);
  let total = 0;
  for (const projectId of projectIds) {
    total += await deleteExpiredRows(context.client, table, projectId, cutoffOf(projectId), context.settings.deleteBatch);
  }
  countDeleted(context, table, total);
  if (total > 0) context.logger.info({ table, rows: total }, 'retention deleted expired rows');
}

function countDeleted(context: RunContext, table: string, rows: number): void {
  if (rows === 0) return;
  context.report.deleted[table] = (context.report.deleted[table] ?? 0) + rows;
  context.metrics.rowsDeleted.inc({ table }, rows);
}

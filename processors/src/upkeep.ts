import { Hono } from 'hono';
import type { Logger } from 'pino';
import { mkdir } from 'node:fs/promises';
import { nextCleanupRun, parseCleanupSchedule } from '@lumina/core';
import { compactRollups, foldConventionDeltas, indexQueuedSpans } from '@lumina/db';
import {
  addServiceRoutes,
  closeHttp,
  createLogger,
  createServiceRegistry,
  listenHttp,
  openPool,
  repeatingJob,
  scheduledJob,
  type HttpListener,
} from '@lumina/runtime';
import { Counter } from 'prom-client';
import type pg from 'pg';
import type { UpkeepConfig } from './upkeep-config.js';
import { createRetentionMetrics, type RetentionMetrics } from './retention-metrics.js';
import { runRetention, type RetentionSettings } from './retention.js';

export interface Upkeep {
  start(): Promise<{ httpPort: number }>;
  /** Stops the HTTP port, waits for the jobs' runs in flight, then closes Postgres. */
  stop(): Promise<void>;
}

function createUpkeepMetrics() {
  const registry = createServiceRegistry('upkeep');
  return {
    registry,
    deltasFolded: new Counter({ name: 'lumina_upkeep_rollup_deltas_folded_total', help: 'Rollup deltas folded into span_rollups', registers: [registry] }),
    spansIndexed: new Counter({ name: 'lumina_upkeep_spans_indexed_total', help: 'Spans indexed for text search', registers: [registry] }),
    retention: createRetentionMetrics(registry),
  };
}

export interface UpkeepOptions {
  /** the retention schedule's clock (tests move it); wall time by default */
  clock?: () => Date;
}

/** The retention settings of the upkeep configuration. */
export function retentionSettings(config: UpkeepConfig): RetentionSettings {
  return {
    traceRetentionDays: config.TRACE_RETENTION_DAYS,
    rollupRetentionDays: config.ROLLUP_RETENTION_DAYS,
    archiveDir: config.RETENTION_ARCHIVE_DIR,
    deleteBatch: config.RETENTION_DELETE_BATCH,
    lockTimeoutMs: config.RETENTION_LOCK_TIMEOUT_MS,
  };
}

function retentionJob(config: UpkeepConfig, db: pg.Pool, metrics: RetentionMetrics, logger: Logger, clock?: () => Date) {
  const schedule = parseCleanupSchedule(config.CLEANUP_SCHEDULE);
  const settings = retentionSettings(config);
  return scheduledJob(
    'retention',
    { nextRunAfter: (after) => nextCleanupRun(schedule, after), ...(clock ? { clock } : {}) },
    async (now) => {
      await runRetention(db, settings, now, logger, metrics);
    },
    logger,
  );
}

/**
 * The write side's upkeep, in a process of its own so that the query API only reads: folding
 * the rollup and mapping-report deltas the processors append, indexing queued spans for text search
 * (db/src/upkeep.ts), and retention on CLEANUP_SCHEDULE (retention.ts). Safe with any number
 * of replicas.
 */
export function createUpkeep(config: UpkeepConfig, logger: Logger = createLogger('upkeep', config.LOG_LEVEL), options: UpkeepOptions = {}): Upkeep {
  const metrics = createUpkeepMetrics();
  let pool: pg.Pool | undefined;
  let http: HttpListener | undefined;
  const jobs: Array<{ start(): void; stop(): Promise<void> }> = [];

  return {
    async start() {
      if (config.RETENTION_ARCHIVE_DIR !== '') await mkdir(config.RETENTION_ARCHIVE_DIR, { recursive: true });
      pool = openPool({ url: config.DATABASE_URL, max: 3, applicationName: 'lumina-upkeep' }, logger);
      const db = pool;
      jobs.push(
        repeatingJob('compact-rollups', config.ROLLUP_COMPACT_INTERVAL_MS, async () => {
          metrics.deltasFolded.inc(Math.max(0, await compactRollups(db)));
          return { moreWork: false };
        }, logger),
        repeatingJob('fold-conventions', config.ROLLUP_COMPACT_INTERVAL_MS, async () => {
          await foldConventionDeltas(db);
          return { moreWork: false };
        }, logger),
        repeatingJob('index-search', config.SEARCH_INDEX_INTERVAL_MS, async () => {
          const indexed = await indexQueuedSpans(db, config.SEARCH_INDEX_BATCH);
          metrics.spansIndexed.inc(indexed);
          return { moreWork: indexed >= config.SEARCH_INDEX_BATCH };
        }, logger),
        retentionJob(config, db, metrics.retention, logger, options.clock),
      );
      for (const job of jobs) job.start();
      const app = new Hono();
      addServiceRoutes(app, { registry: metrics.registry });
      http = await listenHttp(app.fetch, config.UPKEEP_HTTP_HOST, config.UPKEEP_HTTP_PORT);
      logger.info({ httpPort: http.port, cleanupSchedule: config.CLEANUP_SCHEDULE, traceRetentionDays: config.TRACE_RETENTION_DAYS, rollupRetentionDays: config.ROLLUP_RETENTION_DAYS, archiveDir: config.RETENTION_ARCHIVE_DIR || null }, 'upkeep running');
      return { httpPort: http.port };
    },
    async stop() {
      if (http) await closeHttp(http.server);
      await Promise.all(jobs.splice(0).map((job) => job.stop()));
      await pool?.end();
      logger.info('upkeep stopped');
    },
  };
}

import { Hono } from 'hono';
import type { Logger } from 'pino';
import { compactRollups, indexQueuedSpans } from '@lumina/db';
import {
  addServiceRoutes,
  closeHttp,
  createLogger,
  createServiceRegistry,
  listenHttp,
  openPool,
  repeatingJob,
  type HttpListener,
  type RepeatingJob,
} from '@lumina/runtime';
import { Counter } from 'prom-client';
import type pg from 'pg';
import type { UpkeepConfig } from './upkeep-config.js';

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
  };
}

/**
 * The write side's upkeep, in a process of its own so that the query API only reads: folding
 * the rollup deltas the batch statement appends, and indexing queued spans for text search
 * (db/src/upkeep.ts). Safe with any number of replicas.
 */
export function createUpkeep(config: UpkeepConfig, logger: Logger = createLogger('upkeep', config.LOG_LEVEL)): Upkeep {
  const metrics = createUpkeepMetrics();
  let pool: pg.Pool | undefined;
  let http: HttpListener | undefined;
  const jobs: RepeatingJob[] = [];

  return {
    async start() {
      pool = openPool({ url: config.DATABASE_URL, max: 2, applicationName: 'lumina-upkeep' }, logger);
      const db = pool;
      jobs.push(
        repeatingJob('compact-rollups', config.ROLLUP_COMPACT_INTERVAL_MS, async () => {
          metrics.deltasFolded.inc(Math.max(0, await compactRollups(db)));
          return { moreWork: false };
        }, logger),
        repeatingJob('index-search', config.SEARCH_INDEX_INTERVAL_MS, async () => {
          const indexed = await indexQueuedSpans(db, config.SEARCH_INDEX_BATCH);
          metrics.spansIndexed.inc(indexed);
          return { moreWork: indexed >= config.SEARCH_INDEX_BATCH };
        }, logger),
      );
      for (const job of jobs) job.start();
      const app = new Hono();
      addServiceRoutes(app, { registry: metrics.registry });
      http = await listenHttp(app.fetch, config.UPKEEP_HTTP_HOST, config.UPKEEP_HTTP_PORT);
      logger.info({ httpPort: http.port }, 'upkeep running');
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

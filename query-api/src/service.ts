import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { pino, type Logger } from 'pino';
import { createApp } from './app.js';
import type { AppEnv } from './app-env.js';
import { openResponseCache } from './cache.js';
import type { QueryApiConfig } from './config.js';
import { openDatabase } from './database.js';
import { maintenanceJobs } from './jobs/maintenance.js';
import { createQueryApiMetrics } from './metrics.js';

export interface QueryApi {
  /** The Hono app: `app.request()` in tests, `app.fetch` behind any server. */
  app: OpenAPIHono<AppEnv>;
  /** Listens on QUERY_API_PORT (0: any free port) and starts the background jobs. */
  start(): Promise<{ port: number }>;
  /** Stops accepting, lets requests in flight finish, stops the jobs, then closes Redis and Postgres. */
  stop(): Promise<void>;
}

const STOP_GRACE_MS = 10_000;

/** The query API: REST search and analytics over Postgres, cached in Redis. */
export function createQueryApi(config: QueryApiConfig, logger: Logger = pino({ level: config.LOG_LEVEL, name: 'query-api' })): QueryApi {
  const db = openDatabase(config, logger);
  const cache = openResponseCache(
    { redisUrl: config.REDIS_URL, keyPrefix: config.QUERY_CACHE_PREFIX, ttlSeconds: config.QUERY_CACHE_TTL_SECONDS },
    logger,
  );
  const app = createApp({ db, cache, metrics: createQueryApiMetrics(), logger, now: () => Date.now() });
  const jobs = config.QUERY_BACKGROUND_JOBS ? maintenanceJobs(db, config, logger) : [];
  let server: Server | undefined;
  let closed = false;

  return {
    app,
    async start() {
      server = await new Promise<Server>((resolve, reject) => {
        const listening = serve({ fetch: app.fetch, hostname: config.QUERY_API_HOST, port: config.QUERY_API_PORT }, () => resolve(listening as Server)) as Server;
        listening.once('error', reject);
      });
      for (const job of jobs) job.start();
      const { port } = server.address() as AddressInfo;
      logger.info({ port }, 'query-api listening');
      return { port };
    },
    async stop() {
      if (closed) return;
      closed = true;
      if (server) await closeServer(server);
      await Promise.all(jobs.map((job) => job.stop()));
      await cache.close();
      await db.close();
      logger.info('query-api stopped');
    },
  };
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    const force = setTimeout(() => server.closeAllConnections(), STOP_GRACE_MS);
    server.close(() => {
      clearTimeout(force);
      resolve();
    });
    server.closeIdleConnections();
  });
}

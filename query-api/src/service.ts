import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Logger } from 'pino';
import { readActiveApiKeys } from '@lumina/db';
import { closeHttp, createKeyVerifier, createLogger, listenHttp, OPEN_ACCESS, warnIfExposed, type HttpListener } from '@lumina/runtime';
import { createApp } from './app.js';
import type { AppEnv } from './app-env.js';
import { openResponseCache } from './cache.js';
import type { QueryApiConfig } from './config.js';
import { openDatabase } from './database.js';
import { createQueryApiMetrics } from './metrics.js';

export interface QueryApi {
  /** The Hono app: `app.request()` in tests, `app.fetch` behind any server. */
  app: OpenAPIHono<AppEnv>;
  /** Listens on QUERY_API_PORT (0: any free port). */
  start(): Promise<{ port: number }>;
  /** Stops accepting, lets requests in flight finish, then closes Redis and Postgres. */
  stop(): Promise<void>;
}

const STOP_GRACE_MS = 10_000;

/** The query API: REST search and analytics over Postgres, cached in Redis. It writes only feedback; upkeep runs elsewhere. */
export function createQueryApi(config: QueryApiConfig, logger: Logger = createLogger('query-api', config.LOG_LEVEL)): QueryApi {
  const db = openDatabase(config, logger);
  const cache = openResponseCache(
    { redisUrl: config.REDIS_URL, keyPrefix: config.QUERY_CACHE_PREFIX, ttlSeconds: config.QUERY_CACHE_TTL_SECONDS },
    logger,
  );
  const verifier = config.AUTH_REQUIRED ? createKeyVerifier(() => readActiveApiKeys(db), config.AUTH_KEYS_REFRESH_MS, logger) : OPEN_ACCESS;
  const app = createApp({
    db,
    cache,
    metrics: createQueryApiMetrics(),
    logger,
    now: () => Date.now(),
    verifier,
    dashboard: { dir: config.DASHBOARD_DIR, replayUrl: config.REPLAY_URL, replayTimeoutMs: config.REPLAY_PROXY_TIMEOUT_MS },
  });
  let listener: HttpListener | undefined;
  let closed = false;

  return {
    app,
    async start() {
      await verifier.start();
      warnIfExposed(logger, 'query-api', config.QUERY_API_HOST, config.AUTH_REQUIRED);
      listener = await listenHttp(app.fetch, config.QUERY_API_HOST, config.QUERY_API_PORT);
      logger.info({ port: listener.port }, 'query-api listening');
      return { port: listener.port };
    },
    async stop() {
      if (closed) return;
      closed = true;
      if (listener) await closeHttp(listener.server, STOP_GRACE_MS);
      verifier.stop();
      await cache.close();
      await db.close();
      logger.info('query-api stopped');
    },
  };
}

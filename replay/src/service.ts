import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Logger } from 'pino';
import { createPricer } from '@lumina/core';
import { readActiveApiKeys } from '@lumina/db';
import { closeHttp, createKeyVerifier, createLogger, listenHttp, OPEN_ACCESS, warnIfExposed, type HttpListener } from '@lumina/runtime';
import { createApp } from './app.js';
import type { AppEnv } from './app-env.js';
import { judgeModelOf, type ReplayConfig } from './config.js';
import { openDatabase } from './database.js';
import { createProviderClients } from './execute/provider-clients.js';
import type { RetryPolicy } from './execute/retry.js';
import { createJudge } from './judge/judge.js';
import { openJudgeCache } from './judge/judge-cache.js';
import { createReplayMetrics } from './metrics.js';
import { createRunWorker, workerName } from './run/run-worker.js';

export interface ReplayService {
  /** The Hono app: `app.request()` in tests, `app.fetch` behind any server. */
  app: OpenAPIHono<AppEnv>;
  /** Listens on REPLAY_PORT (0: any free port) and starts working on runs (its own and those left by stopped replicas). */
  start(): Promise<{ port: number }>;
  /** Stops accepting requests, lets calls in flight finish (REPLAY_STOP_GRACE_MS) or gives them back, then closes Redis and Postgres. */
  stop(): Promise<void>;
}

const HTTP_STOP_GRACE_MS = 10_000;

/** The replay service: capture, runs with the official SDKs or in simulation, comparison and diff. */
export function createReplayService(config: ReplayConfig, logger: Logger = createLogger('replay', config.LOG_LEVEL)): ReplayService {
  const db = openDatabase(config, logger);
  const metrics = createReplayMetrics();
  const clients = createProviderClients(config);
  const retry: RetryPolicy = {
    maxRetries: config.REPLAY_MAX_RETRIES,
    baseDelayMs: config.REPLAY_RETRY_BASE_DELAY_MS,
    maxDelayMs: config.REPLAY_RETRY_MAX_DELAY_MS,
    maxRetryAfterMs: config.REPLAY_MAX_RETRY_AFTER_MS,
  };
  const cache = openJudgeCache({ redisUrl: config.REDIS_URL, keyPrefix: config.REPLAY_REDIS_PREFIX, ttlSeconds: config.REPLAY_JUDGE_CACHE_TTL_SECONDS }, logger);
  const judge = config.REPLAY_JUDGE_ENABLED
    ? createJudge(clients, cache, {
        provider: config.REPLAY_JUDGE_PROVIDER,
        model: judgeModelOf(config),
        timeoutMs: config.REPLAY_CALL_TIMEOUT_MS,
        retry,
        onCall: (kind) => metrics.judge.inc({ kind }),
      })
    : null;
  const worker = createRunWorker({
    db,
    logger,
    metrics,
    callDeps: { clients, judge, pricer: createPricer(), retry, timeoutMs: config.REPLAY_CALL_TIMEOUT_MS },
    leaseMs: config.REPLAY_LEASE_MS,
    maxClaims: config.REPLAY_MAX_CLAIMS,
    defaultConcurrency: config.REPLAY_DEFAULT_CONCURRENCY,
    regressionThreshold: config.REPLAY_REGRESSION_THRESHOLD,
    pollIntervalMs: config.REPLAY_POLL_INTERVAL_MS,
  });
  const verifier = config.AUTH_REQUIRED ? createKeyVerifier(() => readActiveApiKeys(db), config.AUTH_KEYS_REFRESH_MS, logger) : OPEN_ACCESS;
  const app = createApp({ db, config, clients, worker, metrics, logger, now: () => Date.now(), verifier });
  let listener: HttpListener | undefined;
  let closed = false;

  return {
    app,
    async start() {
      await verifier.start();
      warnIfExposed(logger, 'replay', config.REPLAY_HOST, config.AUTH_REQUIRED);
      listener = await listenHttp(app.fetch, config.REPLAY_HOST, config.REPLAY_PORT);
      worker.start(workerName(listener.port, config.REPLAY_WORKER_ID));
      logger.info(
        { port: listener.port, live_providers: Object.entries(clients).filter(([, client]) => client !== null).map(([name]) => name), judge: judge?.model ?? null, mode: config.REPLAY_MODE },
        'replay listening',
      );
      return { port: listener.port };
    },
    async stop() {
      if (closed) return;
      closed = true;
      // Requests first (a ?wait=true answer may still be wanted), then the calls in flight.
      const http = listener ? closeHttp(listener.server, HTTP_STOP_GRACE_MS) : Promise.resolve();
      await worker.stop(config.REPLAY_STOP_GRACE_MS);
      await http;
      verifier.stop();
      await cache.close();
      await db.close();
      logger.info('replay stopped');
    },
  };
}

import type { Logger } from 'pino';
import { logsStreamSpec } from '@lumina/core';
import { readActiveApiKeys, readProjectSettings } from '@lumina/db';
import {
  closeHttp,
  createKeyVerifier,
  createLogger,
  errorText,
  listenHttp,
  OPEN_ACCESS,
  openPool,
  queryRows,
  repeatingJob,
  spansStreamLimits,
  warnIfExposed,
  type HttpListener,
  type RepeatingJob,
} from '@lumina/runtime';
import type pg from 'pg';
import type { IngestConfig } from './config.js';
import { createDailyLimiter, type DailyLimiter } from './daily-limit.js';
import { startGrpcServer, stopGrpcServer } from './grpc.js';
import { createHttpApp } from './http.js';
import { createIngestMetrics } from './metrics.js';
import { openSpanQueue, type SpanQueue } from './queue.js';

export interface IngestAddresses {
  grpcPort: number;
  httpPorts: number[];
}

export interface Ingest {
  start(): Promise<IngestAddresses>;
  /** Stops accepting, lets in-flight exports finish, then drains NATS and closes Redis and Postgres. */
  stop(): Promise<void>;
}

const STOP_GRACE_MS = 10_000;

/** Each project's own daily trace limit, read from Postgres now and then; until then (or with Postgres away) the platform's. */
function projectLimits(pool: pg.Pool, refreshMs: number, logger: Logger): { limitFor: (projectId: string) => number | null; job: RepeatingJob; refresh: () => Promise<void> } {
  let limits = new Map<string, number>();
  const refresh = async () => {
    const settings = await readProjectSettings(pool);
    limits = new Map(settings.filter((project) => project.dailyTraceLimit !== null).map((project) => [project.projectId, project.dailyTraceLimit!]));
  };
  return {
    limitFor: (projectId) => limits.get(projectId) ?? null,
    refresh: () => refresh().catch((error: unknown) => logger.warn({ err: errorText(error) }, 'cannot read project limits yet; using the platform limit')),
    job: repeatingJob('project-limits', refreshMs, async () => (await refresh(), { moreWork: false }), logger),
  };
}

/** The OTLP receiver: gRPC and HTTP in, JetStream out. */
export function createIngest(config: IngestConfig, logger: Logger = createLogger('ingest', config.LOG_LEVEL)): Ingest {
  let queue: SpanQueue | undefined;
  let logsQueue: SpanQueue | undefined;
  let pool: pg.Pool | undefined;
  let limiter: DailyLimiter | undefined;
  let grpcServer: Awaited<ReturnType<typeof startGrpcServer>>['server'] | undefined;
  const httpListeners: HttpListener[] = [];
  const jobs: RepeatingJob[] = [];
  const verifierOf = (db: pg.Pool) => (config.AUTH_REQUIRED ? createKeyVerifier(() => readActiveApiKeys(queryRows(db)), config.AUTH_KEYS_REFRESH_MS, logger) : OPEN_ACCESS);
  let verifier = OPEN_ACCESS;

  return {
    async start() {
      const metrics = createIngestMetrics();
      // Postgres holds keys and project limits only; ingest takes spans without it.
      pool = openPool({ url: config.DATABASE_URL, max: 2, applicationName: 'lumina-ingest', connectTimeoutMs: 2_000 }, logger);
      verifier = verifierOf(pool);
      await verifier.start();
      const limits = projectLimits(pool, config.PROJECT_SETTINGS_REFRESH_MS, logger);
      await limits.refresh();
      jobs.push(limits.job);
      limiter = createDailyLimiter(
        { redisUrl: config.REDIS_URL, keyPrefix: config.DAILY_TRACE_LIMIT_KEY_PREFIX, defaultLimit: config.DAILY_TRACE_LIMIT, limitFor: limits.limitFor, onUnchecked: () => metrics.limitUnchecked.inc() },
        logger,
      );
      await limiter.connected;
      queue = await openSpanQueue(
        {
          natsUrl: config.NATS_URL,
          stream: config.SPANS_STREAM,
          subject: config.SPANS_SUBJECT,
          expressMaxSpans: config.INGEST_EXPRESS_MAX_SPANS,
          limits: spansStreamLimits(config),
          maxBacklogAgeSeconds: config.SPANS_STREAM_MAX_AGE_SECONDS,
          publishTimeoutMs: config.INGEST_PUBLISH_TIMEOUT_MS,
        },
        metrics.stream,
        logger,
      );
      logsQueue = await openSpanQueue(
        {
          natsUrl: config.NATS_URL,
          stream: config.LOGS_STREAM,
          subject: config.LOGS_SUBJECT,
          limits: { maxBytes: config.LOGS_STREAM_MAX_BYTES, maxMsgs: config.LOGS_STREAM_MAX_MSGS },
          spec: logsStreamSpec,
          maxBacklogAgeSeconds: config.SPANS_STREAM_MAX_AGE_SECONDS,
          publishTimeoutMs: config.INGEST_PUBLISH_TIMEOUT_MS,
        },
        metrics.stream,
        logger,
      );
      for (const job of jobs) job.start();
      const deps = {
        queue,
        logsQueue,
        metrics,
        limiter,
        verifier,
        now: () => Date.now(),
        logger,
        maxBodyBytes: config.INGEST_MAX_BODY_BYTES,
        retryAfterSeconds: config.INGEST_RETRY_AFTER_SECONDS,
      };
      warnIfExposed(logger, 'ingest', config.INGEST_HOST, config.AUTH_REQUIRED);
      const grpc = await startGrpcServer(config.INGEST_HOST, config.INGEST_GRPC_PORT, deps);
      grpcServer = grpc.server;
      const app = createHttpApp(deps);
      for (const port of config.INGEST_HTTP_PORTS) httpListeners.push(await listenHttp(app.fetch, config.INGEST_HOST, port));
      const addresses = { grpcPort: grpc.port, httpPorts: httpListeners.map((listener) => listener.port) };
      logger.info({ ...addresses, stream: config.SPANS_STREAM, subject: config.SPANS_SUBJECT, logsSubject: config.LOGS_SUBJECT, auth: config.AUTH_REQUIRED }, 'ingest listening');
      return addresses;
    },
    async stop() {
      await Promise.all([
        ...httpListeners.splice(0).map((listener) => closeHttp(listener.server, STOP_GRACE_MS)),
        grpcServer ? stopGrpcServer(grpcServer, STOP_GRACE_MS) : Promise.resolve(),
      ]);
      await queue?.close();
      await logsQueue?.close();
      await Promise.all(jobs.splice(0).map((job) => job.stop()));
      verifier.stop();
      await limiter?.close();
      await pool?.end();
      logger.info('ingest stopped');
    },
  };
}

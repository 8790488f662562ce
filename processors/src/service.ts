import { Hono } from 'hono';
import type { Logger } from 'pino';
import { createPricer } from '@lumina/core';
import { createSpanWriter, daysAround, ensureSpanPartitions, joinPendingEvents, migrate } from '@lumina/db';
import {
  addServiceRoutes,
  closeHttp,
  connectNats,
  createLogger,
  errorText,
  listenHttp,
  openPool,
  repeatingJob,
  watchStream,
  type HttpListener,
  type NatsHandle,
  type RepeatingJob,
  type StreamWatch,
} from '@lumina/runtime';
import type pg from 'pg';
import { acknowledge } from './acknowledge.js';
import type { ProcessorConfig } from './config.js';
import { consumeBatches } from './consume.js';
import { openLogsConsumer, openSpansConsumer } from './consumer.js';
import { decodeLogs } from './decode-logs.js';
import { persistLogEvents } from './persist-log-events.js';
import { createDeadLetter } from './dead-letter.js';
import { decode } from './decode.js';
import { createProcessorMetrics } from './metrics.js';
import { normalize } from './normalize.js';
import { persist } from './persist.js';
import { pipeline } from './pipeline.js';
import { price } from './price.js';
import { projectRedactors } from './project-redactors.js';
import { redact, redactLogEvents } from './redact.js';
import type { Stage } from './stage.js';

export interface Processor {
  start(): Promise<{ httpPort: number }>;
  /** Stops in the reverse order of start: HTTP, the consumer (finishing batches in flight), jobs, NATS, Postgres. */
  stop(): Promise<void>;
}

const PARTITION_REFRESH_MS = 3_600_000;
const LAG_POLL_MS = 5_000;

/** A processor replica: any number of them share the one durable consumer. */
export function createProcessor(config: ProcessorConfig, logger: Logger = createLogger('processors', config.LOG_LEVEL)): Processor {
  let stopping = false;
  let pool: pg.Pool | undefined;
  let nats: NatsHandle | undefined;
  let consuming: ReturnType<typeof consumeBatches> | undefined;
  let consumingLogs: ReturnType<typeof consumeBatches> | undefined;
  let watch: StreamWatch | undefined;
  let http: HttpListener | undefined;
  const jobs: RepeatingJob[] = [];
  const metrics = createProcessorMetrics();

  /** A repeating job that just does `work` every `intervalMs` (started with the others). */
  const every = (name: string, intervalMs: number, work: () => Promise<unknown>) =>
    jobs.push(repeatingJob(name, intervalMs, async () => (await work(), { moreWork: false }), logger));

  return {
    async start() {
      await migrate(config.DATABASE_URL);
      pool = openPool({ url: config.DATABASE_URL, max: config.PROCESSOR_DB_POOL_SIZE, applicationName: 'lumina-processors' }, logger);
      const db = pool;
      const ensurePartitionsAhead = () => ensureSpanPartitions(db, daysAround(new Date(), 1, 3));
      await ensurePartitionsAhead();
      every('partitions-ahead', PARTITION_REFRESH_MS, ensurePartitionsAhead);
      const redactors = projectRedactors(
        { enabled: config.PII_REDACTION, disabledKinds: config.PII_REDACTION_DISABLED_KINDS, extraPatterns: config.PII_REDACTION_PATTERNS },
        logger,
      );
      await redactors.refresh(db);
      every('project-settings', config.PROJECT_SETTINGS_REFRESH_MS, () => redactors.refresh(db));

      nats = await connectNats(config.NATS_URL, 'lumina-processor', logger);
      const { consumer, js } = await openSpansConsumer(nats.nc, config, logger);
      watch = watchStream(nats.nc, config.SPANS_STREAM, metrics.stream, logger);
      every('consumer-lag', LAG_POLL_MS, async () => {
        const info = await consumer.info(true);
        metrics.consumerPending.set(info.num_pending);
        metrics.consumerAckPending.set(info.num_ack_pending);
      });
      const logsConsumer = await openLogsConsumer(nats.nc, config, logger);
      jobs.push(
        repeatingJob(
          'log-event-join',
          config.LOG_EVENT_JOIN_INTERVAL_MS,
          async () => {
            const result = await joinPendingEvents(db, {
              batch: config.LOG_EVENT_JOIN_BATCH,
              orphanTtlSeconds: config.LOG_EVENT_ORPHAN_TTL_SECONDS,
              maxRecheckSeconds: config.LOG_EVENT_RECHECK_MAX_SECONDS,
            });
            metrics.logEventsJoined.inc(result.joined);
            metrics.logEventsExpired.inc(result.expired);
            if (result.expired > 0) logger.info({ expired: result.expired }, 'gen_ai log events dropped: their span did not arrive in time');
            return { moreWork: result.taken === config.LOG_EVENT_JOIN_BATCH };
          },
          logger,
        ),
      );
      for (const job of jobs) job.start();

      const stages: Stage[] = [
        decode,
        normalize,
        redact(redactors.redactorFor),
        price(createPricer()),
        persist({ writer: createSpanWriter(db), metrics, logger, isStopping: () => stopping }),
        acknowledge({ deadLetter: createDeadLetter(js, config.DLQ_SUBJECT), metrics, logger, maxDeliveries: config.PROCESSOR_MAX_DELIVERIES, deadLetterRetryMs: config.PROCESSOR_DEAD_LETTER_RETRY_MS }),
      ];
      consuming = consumeBatches(
        consumer,
        { batchBytes: config.PROCESSOR_BATCH_MAX_BYTES, pullExpiresMs: config.PROCESSOR_BATCH_WAIT_MS, concurrency: config.PROCESSOR_CONCURRENCY, maxPayloadBytes: nats.maxPayloadBytes() },
        pipeline(stages, metrics, logger),
        logger,
      );

      const deadLetter = createDeadLetter(js, config.DLQ_SUBJECT);
      const logStages: Stage[] = [
        decodeLogs,
        redactLogEvents(redactors.redactorFor),
        persistLogEvents({ pool: db, metrics, logger, isStopping: () => stopping }),
        acknowledge({ deadLetter, metrics, logger, maxDeliveries: config.PROCESSOR_MAX_DELIVERIES, deadLetterRetryMs: config.PROCESSOR_DEAD_LETTER_RETRY_MS }),
      ];
      consumingLogs = consumeBatches(
        logsConsumer,
        { batchBytes: config.PROCESSOR_BATCH_MAX_BYTES, pullExpiresMs: config.PROCESSOR_BATCH_WAIT_MS, concurrency: 1, maxPayloadBytes: nats.maxPayloadBytes() },
        pipeline(logStages, metrics, logger),
        logger,
      );

      const app = new Hono();
      addServiceRoutes(app, { registry: metrics.registry });
      http = await listenHttp(app.fetch, config.PROCESSOR_HTTP_HOST, config.PROCESSOR_HTTP_PORT);
      logger.info({ httpPort: http.port, stream: config.SPANS_STREAM, consumer: config.PROCESSOR_CONSUMER }, 'processor consuming');
      return { httpPort: http.port };
    },
    async stop() {
      stopping = true;
      if (http) await closeHttp(http.server);
      await consuming?.stop();
      await consumingLogs?.stop();
      watch?.stop();
      await Promise.all(jobs.splice(0).map((job) => job.stop()));
      await nats?.close();
      await pool?.end().catch((error: unknown) => logger.warn({ err: errorText(error) }, 'closing the database pool failed'));
      logger.info('processor stopped');
    },
  };
}

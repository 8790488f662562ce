import { Hono } from 'hono';
import type { Logger } from 'pino';
import { promptHash, ResponseBaselines, responseEndpointKey } from '@lumina/core';
import { createSpanWriter, daysAround, ensureSpanPartitions, joinPendingEvents, migrate, readRecentResponses } from '@lumina/db';
import {
  addServiceRoutes,
  closeHttp,
  configuredPricer,
  connectNats,
  createLogger,
  errorText,
  ensureFactsStream,
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
import { enrichStages } from './enrich-stages.js';
import { createProcessorMetrics } from './metrics.js';
import { persist } from './persist.js';
import { pipeline } from './pipeline.js';
import { publishFacts } from './publish-facts.js';
import { projectRedactors } from './project-redactors.js';
import { judgeBorderline } from './judge.js';
import { createJudgeClient } from './judge/judge-client.js';
import { openJudgeStore, type JudgeStore } from './judge/judge-store.js';
import { createQualityJudge, type QualityJudge } from './judge/quality-judge.js';
import { redactLogEvents } from './redact.js';
import { score } from './score.js';
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
  let expressPool: pg.Pool | undefined;
  let bulkWriterPool: pg.Pool | undefined;
  let nats: NatsHandle | undefined;
  let consuming: ReturnType<typeof consumeBatches> | undefined;
  let consumingExpress: ReturnType<typeof consumeBatches> | undefined;
  let consumingLogs: ReturnType<typeof consumeBatches> | undefined;
  let watch: StreamWatch | undefined;
  let http: HttpListener | undefined;
  const jobs: RepeatingJob[] = [];
  const metrics = createProcessorMetrics();
  let judgeStore: JudgeStore | undefined;
  let judge: QualityJudge | undefined;

  /** The quality stages: scoring before storage, the judge after the acknowledgement (when a key is set). */
  async function qualityStages(db: pg.Pool): Promise<{ before: Stage[]; after: Stage[] }> {
    if (!config.QUALITY_SCORING) return { before: [], after: [] };
    const baselines = new ResponseBaselines({ maxEndpoints: config.QUALITY_BASELINE_MAX_ENDPOINTS, maxPrompts: config.QUALITY_BASELINE_MAX_PROMPTS });
    if (config.QUALITY_BASELINE_WARM_ROWS > 0) {
      const recent = await readRecentResponses(db, config.QUALITY_BASELINE_WARM_ROWS, 24).catch((error: unknown) => {
        logger.warn({ err: errorText(error) }, 'warming the quality baselines failed; starting cold');
        return [];
      });
      for (const row of recent) {
        const endpoint = responseEndpointKey(row.project_id, row.service_name, row.name, row.model);
        baselines.record(endpoint, row.prompt === null ? null : promptHash(row.system_prompt, row.prompt), row.response);
      }
    }
    const before = [score({ baselines, minLengthSamples: config.QUALITY_MIN_LENGTH_SAMPLES })];
    const client = createJudgeClient({
      anthropicApiKey: config.QUALITY_JUDGE_ANTHROPIC_API_KEY,
      anthropicBaseUrl: config.QUALITY_JUDGE_ANTHROPIC_BASE_URL,
      openAiApiKey: config.QUALITY_JUDGE_OPENAI_API_KEY,
      openAiBaseUrl: config.QUALITY_JUDGE_OPENAI_BASE_URL,
      model: config.QUALITY_JUDGE_MODEL,
      timeoutMs: config.QUALITY_JUDGE_TIMEOUT_MS,
    });
    if (client === null) return { before, after: [] };
    judgeStore = openJudgeStore({ redisUrl: config.REDIS_URL, keyPrefix: config.QUALITY_JUDGE_REDIS_PREFIX, ttlSeconds: config.QUALITY_JUDGE_CACHE_TTL_SECONDS }, logger);
    judge = createQualityJudge({
      client,
      store: judgeStore,
      db,
      logger,
      maxPerMinute: config.QUALITY_JUDGE_MAX_PER_MIN,
      queueMax: config.QUALITY_JUDGE_QUEUE_MAX,
      concurrency: config.QUALITY_JUDGE_CONCURRENCY,
      onOutcome: (outcome) => metrics.qualityJudgements.inc({ outcome }),
    });
    logger.info({ provider: client.provider, model: client.model, maxPerMinute: config.QUALITY_JUDGE_MAX_PER_MIN }, 'quality judge on');
    return { before, after: [judgeBorderline(judge, { low: config.QUALITY_JUDGE_BAND_LOW, high: config.QUALITY_JUDGE_BAND_HIGH })] };
  }

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
      const { consumer, express, js } = await openSpansConsumer(nats.nc, config, logger);
      watch = watchStream(nats.nc, config.SPANS_STREAM, metrics.stream, logger);
      every('consumer-lag', LAG_POLL_MS, async () => {
        for (const [lane, laneConsumer] of [['bulk', consumer], ['express', express]] as const) {
          const info = await laneConsumer.info(true);
          metrics.consumerPending.set({ lane }, info.num_pending);
          metrics.consumerAckPending.set({ lane }, info.num_ack_pending);
        }
      });
      const lanes = new Set(config.PROCESSOR_LANES);
      // The gen_ai log events and their join go with the bulk lane; an express-only process stays lean.
      const logsConsumer = lanes.has('bulk') ? await openLogsConsumer(nats.nc, config, logger) : null;
      if (logsConsumer) jobs.push(
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
      if (config.ALERT_FACTS) await ensureFactsStream(nats.nc, config.FACTS_STREAM, config.FACTS_SUBJECT, logger);
      const natsHandle = nats;

      const quality = await qualityStages(db);
      // Read once (the price overrides file) and shared by every lane, as the dead-letter publisher is.
      const pricer = configuredPricer(config);
      const deadLetter = createDeadLetter(js, config.DLQ_SUBJECT);
      // Each lane its own stages, writing through its own pool; what they learn (baselines, judge) is shared.
      const spanStages = (writerPool: pg.Pool): Stage[] => [
        ...enrichStages({ redactorFor: redactors.redactorFor, pricer, quality: quality.before }),
        persist({ writer: createSpanWriter(writerPool), metrics, logger, isStopping: () => stopping }),
        ...(config.ALERT_FACTS
          ? [publishFacts({ js, subject: config.FACTS_SUBJECT, maxPayloadBytes: natsHandle.maxPayloadBytes(), logger, onPublished: (facts) => metrics.alertFactsPublished.inc(facts) })]
          : []),
        acknowledge({ deadLetter, metrics, logger, maxDeliveries: config.PROCESSOR_MAX_DELIVERIES, deadLetterRetryMs: config.PROCESSOR_DEAD_LETTER_RETRY_MS }),
        ...quality.after,
      ];
      const batchOptions = { batchBytes: config.PROCESSOR_BATCH_MAX_BYTES, pullExpiresMs: config.PROCESSOR_BATCH_WAIT_MS, maxPayloadBytes: nats.maxPayloadBytes() };
      if (lanes.has('bulk')) {
        // Bulk batches write through a pool of their own, smaller than the batches in flight: the
        // next batch is decoded and its COPY text made while one is written, and Postgres sees
        // fewer transactions at once, which cost it less CPU a span (BENCHMARKS.md).
        bulkWriterPool = openPool({ url: config.DATABASE_URL, max: config.PROCESSOR_WRITE_CONCURRENCY, applicationName: 'lumina-processors-writer' }, logger);
        consuming = consumeBatches(consumer, { ...batchOptions, concurrency: config.PROCESSOR_CONCURRENCY }, pipeline(spanStages(bulkWriterPool), metrics, logger, 'bulk'), logger);
      }
      if (lanes.has('express')) {
        // The express lane: small exports, one batch at a time, never waiting behind the bulk
        // backlog, with a connection of its own (never queued behind a bulk batch's session).
        expressPool = openPool({ url: config.DATABASE_URL, max: 1, applicationName: 'lumina-processors-express' }, logger);
        consumingExpress = consumeBatches(express, { ...batchOptions, concurrency: 1 }, pipeline(spanStages(expressPool), metrics, logger, 'express'), logger);
      }

      const logStages: Stage[] = [
        decodeLogs,
        redactLogEvents(redactors.redactorFor),
        persistLogEvents({ pool: db, metrics, logger, isStopping: () => stopping }),
        acknowledge({ deadLetter, metrics, logger, maxDeliveries: config.PROCESSOR_MAX_DELIVERIES, deadLetterRetryMs: config.PROCESSOR_DEAD_LETTER_RETRY_MS }),
      ];
      if (logsConsumer) consumingLogs = consumeBatches(logsConsumer, { ...batchOptions, concurrency: 1 }, pipeline(logStages, metrics, logger, 'logs'), logger);

      const app = new Hono();
      addServiceRoutes(app, { registry: metrics.registry });
      http = await listenHttp(app.fetch, config.PROCESSOR_HTTP_HOST, config.PROCESSOR_HTTP_PORT);
      logger.info({ httpPort: http.port, stream: config.SPANS_STREAM, consumer: config.PROCESSOR_CONSUMER, lanes: [...lanes] }, 'processor consuming');
      return { httpPort: http.port };
    },
    async stop() {
      stopping = true;
      if (http) await closeHttp(http.server);
      await Promise.all([consuming?.stop(), consumingExpress?.stop()]);
      await judge?.stop();
      await judgeStore?.close();
      await consumingLogs?.stop();
      watch?.stop();
      await Promise.all(jobs.splice(0).map((job) => job.stop()));
      await nats?.close();
      for (const each of [pool, bulkWriterPool, expressPool]) await each?.end().catch((error: unknown) => logger.warn({ err: errorText(error) }, 'closing a database pool failed'));
      logger.info('processor stopped');
    },
  };
}

import type { Server } from 'node:http';
import type { Consumer, ConsumerMessages, JsMsg } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import pg from 'pg';
import { pino, type Logger } from 'pino';
import { createPricer } from '@lumina/core';
import { daysAround, ensureSpanPartitions, migrate, QUERY_SIDE_CTES } from '@lumina/db';
import { processBatch, type BatchDeps } from './batch.js';
import { BatchSlots, dispatchBatches } from './batcher.js';
import type { ProcessorConfig } from './config.js';
import { createDeadLetter } from './dead-letter.js';
import { startHealthServer } from './health-server.js';
import { createProcessorMetrics } from './metrics.js';
import { createSpanWriter } from './persist.js';
import { openSpansConsumer } from './queue.js';

export interface Processor {
  start(): Promise<{ httpPort: number }>;
  /** Finishes the batches in flight, then closes NATS, Postgres and the HTTP port. */
  stop(): Promise<void>;
}

const PARTITION_REFRESH_MS = 3_600_000;
const LAG_POLL_MS = 5_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A processor replica: any number of them share the one durable consumer. */
export function createProcessor(config: ProcessorConfig, logger: Logger = pino({ level: config.LOG_LEVEL, name: 'processors' })): Processor {
  let stopping = false;
  let nc: NatsConnection | undefined;
  let pool: pg.Pool | undefined;
  let health: Server | undefined;
  let consuming: Promise<void> | undefined;
  let messages: ConsumerMessages | undefined;
  const timers: NodeJS.Timeout[] = [];
  const metrics = createProcessorMetrics();

  /** Reads the shared durable consumer until stopped, handing batches to at most CONCURRENCY workers. */
  async function consumeLoop(consumer: Consumer, deps: BatchDeps): Promise<void> {
    const slots = new BatchSlots(config.PROCESSOR_CONCURRENCY);
    // Pull ahead twice a batch; nats.js pulls more only as we read, so this bounds memory.
    const bufferBytes = Math.max(2 * config.PROCESSOR_BATCH_MAX_BYTES, (nc?.info?.max_payload ?? 0) + 64 * 1024);
    const handle = async (batch: JsMsg[]) => {
      await processBatch(batch, deps).catch((error) => logger.error({ err: error }, 'batch failed'));
    };
    while (!stopping) {
      try {
        messages = await consumer.consume({ max_bytes: bufferBytes, expires: config.PROCESSOR_BATCH_WAIT_MS });
        await dispatchBatches(messages, config.PROCESSOR_BATCH_MAX_BYTES, slots, handle);
        if (!stopping) await sleep(100); // the subscription ended (e.g. consumer recreated): resubscribe
      } catch (error) {
        if (stopping) break;
        logger.warn({ err: error }, 'consume error; resubscribing');
        await sleep(1000);
      }
    }
    await slots.drain();
  }

  return {
    async start() {
      await migrate(config.DATABASE_URL);
      pool = new pg.Pool({ connectionString: config.DATABASE_URL, max: config.PROCESSOR_DB_POOL_SIZE });
      pool.on('error', (error) => logger.warn({ err: error }, 'idle database connection failed'));
      const ensureAhead = () => ensureSpanPartitions(pool!, daysAround(new Date(), 1, 3)).catch((error) => logger.warn({ err: error }, 'partition refresh failed'));
      await ensureAhead();
      timers.push(setInterval(ensureAhead, PARTITION_REFRESH_MS));
      nc = await connect({ servers: config.NATS_URL, name: 'lumina-processor', maxReconnectAttempts: -1, reconnectTimeWait: 500 });
      const { consumer, js } = await openSpansConsumer(nc, config);
      const deps: BatchDeps = {
        writer: createSpanWriter(pool, QUERY_SIDE_CTES),
        pricer: createPricer(),
        deadLetter: createDeadLetter(js, config.DLQ_SUBJECT),
        metrics,
        logger,
        projectId: config.PROCESSOR_PROJECT_ID,
        maxDeliveries: config.PROCESSOR_MAX_DELIVERIES,
        isStopping: () => stopping,
      };
      timers.push(
        setInterval(() => {
          consumer.info(true).then(
            (info) => {
              metrics.consumerPending.set(info.num_pending);
              metrics.consumerAckPending.set(info.num_ack_pending);
            },
            () => {},
          );
        }, LAG_POLL_MS),
      );
      consuming = consumeLoop(consumer, deps);
      const started = await startHealthServer(config.PROCESSOR_HTTP_HOST, config.PROCESSOR_HTTP_PORT, metrics.registry);
      health = started.server;
      logger.info({ httpPort: started.port, stream: config.SPANS_STREAM, consumer: config.PROCESSOR_CONSUMER }, 'processor consuming');
      return { httpPort: started.port };
    },
    async stop() {
      stopping = true;
      for (const timer of timers.splice(0)) clearInterval(timer);
      messages?.stop();
      await consuming;
      await nc?.drain().catch(() => {});
      await pool?.end();
      await new Promise<void>((resolve) => (health ? health.close(() => resolve()) : resolve()));
      logger.info('processor stopped');
    },
  };
}

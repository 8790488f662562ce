import type { JsMsg } from '@nats-io/jetstream';
import { Hono } from 'hono';
import type { Logger } from 'pino';
import type pg from 'pg';
import { decodeAlertFacts } from '@lumina/core';
import { migrate } from '@lumina/db';
import {
  addServiceRoutes,
  closeHttp,
  connectNats,
  createLogger,
  ensureFactsStream,
  errorText,
  isDatabaseUnavailable,
  listenHttp,
  openPool,
  repeatingJob,
  type HttpListener,
  type NatsHandle,
  type RepeatingJob,
} from '@lumina/runtime';
import { closeWindows, pruneFactKeys } from './close-windows.js';
import type { AlerterConfig } from './config.js';
import { createDeliverer, type Deliverer } from './deliver.js';
import { consumeFacts, openFactsConsumer, type FactsLoop } from './facts-consumer.js';
import type { IncidentChanges } from './incidents.js';
import { createAlerterMetrics } from './metrics.js';
import { recordFacts } from './record-facts.js';

export interface Alerter {
  start(): Promise<{ httpPort: number }>;
  /** Stops in the reverse order of start: HTTP, the consumer (finishing messages in flight), timer, deliveries, NATS, Postgres. */
  stop(): Promise<void>;
}

const RETRY_DELAY_MS = 1000;
const PRUNE_INTERVAL_MS = 60_000;

/**
 * An alerter replica: any number share the facts consumer, the window state and the outbox
 * in Postgres, so replicas can come and go (or die) without losing or repeating an alert.
 */
export function createAlerter(config: AlerterConfig, logger: Logger = createLogger('alerter', config.LOG_LEVEL)): Alerter {
  const metrics = createAlerterMetrics();
  let pool: pg.Pool | undefined;
  let nats: NatsHandle | undefined;
  let facts: FactsLoop | undefined;
  let deliverer: Deliverer | undefined;
  let http: HttpListener | undefined;
  const jobs: RepeatingJob[] = [];

  const afterCommit = (changes: IncidentChanges) => {
    for (const type of changes.fired) metrics.alertsFired.inc({ type });
    for (const type of changes.resolved) metrics.alertsResolved.inc({ type });
    if (changes.fired.length > 0) logger.info({ fired: changes.fired }, 'alert fired');
    if (changes.resolved.length > 0) logger.info({ resolved: changes.resolved }, 'alert resolved');
    if (changes.notifications > 0) deliverer?.kick();
  };

  const handle = async (message: JsMsg) => {
    const db = pool as pg.Pool;
    let decoded;
    try {
      decoded = decodeAlertFacts(message.data);
    } catch (error) {
      logger.error({ seq: message.seq, err: errorText(error) }, 'undecodable facts message; dropped');
      message.term();
      return;
    }
    const stop = metrics.messageSeconds.startTimer();
    try {
      metrics.factsReceived.inc(decoded.length);
      const result = await recordFacts(decoded, { pool: db, cooldownMs: config.ALERTER_COOLDOWN_MS, now: () => Date.now() });
      message.ack();
      metrics.factsCounted.inc(result.counted);
      afterCommit(result);
    } catch (error) {
      message.nak(RETRY_DELAY_MS);
      const level = isDatabaseUnavailable(error) ? 'warn' : 'error';
      logger[level]({ seq: message.seq, deliveries: message.info.deliveryCount, err: errorText(error) }, 'facts message failed; will retry');
    } finally {
      stop();
    }
  };

  return {
    async start() {
      await migrate(config.DATABASE_URL);
      pool = openPool({ url: config.DATABASE_URL, max: config.ALERTER_DB_POOL_SIZE, applicationName: 'lumina-alerter' }, logger);
      const db = pool;
      nats = await connectNats(config.NATS_URL, 'lumina-alerter', logger);
      await ensureFactsStream(nats.nc, config.FACTS_STREAM, config.FACTS_SUBJECT, logger);
      const consumer = await openFactsConsumer(nats.nc, config, logger);

      deliverer = createDeliverer(db, config, metrics, logger);
      deliverer.start();
      jobs.push(
        repeatingJob('close-windows', config.ALERTER_TIMER_INTERVAL_MS, async () => (afterCommit(await closeWindows(db, Date.now())), { moreWork: false }), logger),
        repeatingJob('prune-fact-keys', PRUNE_INTERVAL_MS, async () => (await pruneFactKeys(db, config.ALERTER_DEDUPE_RETENTION_MS), { moreWork: false }), logger),
      );
      for (const job of jobs) job.start();
      facts = consumeFacts(consumer, config.ALERTER_CONCURRENCY, handle, logger);

      const app = new Hono();
      addServiceRoutes(app, {
        registry: metrics.registry,
        notReady: () => (nats?.isConnected() ? null : { code: 'nats_unavailable', message: 'not connected to NATS' }),
      });
      http = await listenHttp(app.fetch, config.ALERTER_HTTP_HOST, config.ALERTER_HTTP_PORT);
      logger.info({ httpPort: http.port, stream: config.FACTS_STREAM, consumer: config.ALERTER_CONSUMER }, 'alerter consuming');
      return { httpPort: http.port };
    },
    async stop() {
      if (http) await closeHttp(http.server);
      await facts?.stop();
      await Promise.all(jobs.splice(0).map((job) => job.stop()));
      await deliverer?.stop();
      await nats?.close();
      await pool?.end().catch((error: unknown) => logger.warn({ err: errorText(error) }, 'closing the database pool failed'));
      logger.info('alerter stopped');
    },
  };
}

import type pg from 'pg';
import type { Logger } from 'pino';
import { claimNotifications, markDelivered, markFailed, scheduleRetry, type NotificationRow } from '@lumina/db';
import { errorText } from '@lumina/runtime';
import type { AlerterConfig } from './config.js';
import type { AlerterMetrics } from './metrics.js';
import { backoffMs, postJson } from './webhook.js';

export interface Deliverer {
  start(): void;
  /** new notifications are waiting: look now rather than at the next poll */
  kick(): void;
  stop(): Promise<void>;
}

const CLAIM_BATCH = 20;

/**
 * Delivers the outbox: claims due notifications (a lease, so a replica that dies mid-way
 * leaves them to another), POSTs each, and records delivered, retry-later (backoff) or failed.
 */
export function createDeliverer(pool: pg.Pool, config: AlerterConfig, metrics: AlerterMetrics, logger: Logger): Deliverer {
  let running = false;
  let wake: (() => void) | null = null;
  let kicked = false;
  let loop: Promise<void> | undefined;

  const deliverOne = async (row: NotificationRow) => {
    const outcome = await postJson(row.url, row.body, `lumina-${row.alert_id}-${row.event}-${row.channel}`, config.ALERTER_DELIVERY_TIMEOUT_MS);
    const labels = { channel: row.channel, event: row.event };
    if (outcome.ok) {
      await markDelivered(pool, row.notification_id);
      metrics.notificationsDelivered.inc(labels);
      logger.info({ alert_id: row.alert_id, event: row.event, channel: row.channel, attempts: row.attempts }, 'notification delivered');
      return;
    }
    if (!outcome.retry || row.attempts >= config.ALERTER_DELIVERY_MAX_ATTEMPTS) {
      await markFailed(pool, row.notification_id, outcome.reason);
      metrics.notificationsFailed.inc(labels);
      logger.error({ alert_id: row.alert_id, event: row.event, channel: row.channel, attempts: row.attempts, reason: outcome.reason }, 'notification failed for good');
      return;
    }
    const delay = Math.max(outcome.retryAfterMs ?? 0, backoffMs(row.attempts, config.ALERTER_RETRY_BASE_DELAY_MS, config.ALERTER_RETRY_MAX_DELAY_MS));
    await scheduleRetry(pool, row.notification_id, delay, outcome.reason);
    metrics.deliveryAttemptsFailed.inc({ channel: row.channel });
    logger.warn({ alert_id: row.alert_id, event: row.event, channel: row.channel, attempts: row.attempts, reason: outcome.reason, retry_in_ms: delay }, 'notification failed; will retry');
  };

  const sleep = () =>
    new Promise<void>((resolve) => {
      if (kicked) return resolve();
      const timer = setTimeout(() => resolve(), config.ALERTER_DELIVERY_POLL_MS);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  let failing = false;
  const run = async () => {
    while (running) {
      kicked = false;
      try {
        const due = await claimNotifications(pool, CLAIM_BATCH, config.ALERTER_DELIVERY_LEASE_MS);
        await Promise.all(due.map((row) => deliverOne(row).catch((error: unknown) => logger.warn({ err: errorText(error) }, 'recording a delivery failed'))));
        failing = false;
        if (due.length === CLAIM_BATCH) continue;
      } catch (error) {
        if (!failing) logger.warn({ err: errorText(error) }, 'reading the outbox failed; retrying');
        failing = true;
      }
      await sleep();
      wake = null;
    }
  };

  return {
    start() {
      running = true;
      loop = run();
    },
    kick() {
      kicked = true;
      wake?.();
    },
    async stop() {
      running = false;
      wake?.();
      await loop;
    },
  };
}

import { pino } from 'pino';
import { createAlerter, loadAlerterConfig } from '@lumina/alerter';
import { TEST_NATS_URL } from './nats.js';
import type { TestPlatform } from './platform.js';

/** The alerter's settings for a test: the platform's streams and database, a fast timer and retries. */
export function alerterEnv(platform: TestPlatform, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    NATS_URL: TEST_NATS_URL,
    DATABASE_URL: platform.databaseUrl,
    FACTS_STREAM: platform.queue.FACTS_STREAM,
    FACTS_SUBJECT: platform.queue.FACTS_SUBJECT,
    ALERTER_CONSUMER: platform.queue.ALERTER_CONSUMER,
    ALERTER_HTTP_PORT: '0',
    ALERTER_TIMER_INTERVAL_MS: '500',
    ALERTER_RETRY_BASE_DELAY_MS: '200',
    ALERTER_RETRY_MAX_DELAY_MS: '1000',
    ALERTER_DELIVERY_POLL_MS: '200',
    LOG_LEVEL: 'silent',
    ...overrides,
  };
}

/** A real alerter replica in this process. */
export async function startTestAlerter(platform: TestPlatform, overrides: Record<string, string> = {}) {
  const alerter = createAlerter(loadAlerterConfig(alerterEnv(platform, overrides)), pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }));
  const { httpPort } = await alerter.start();
  return { alerter, url: `http://127.0.0.1:${httpPort}` };
}

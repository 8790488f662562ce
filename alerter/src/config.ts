import { ALERTER_CONSUMER, FACTS_STREAM, FACTS_SUBJECT, parseServiceConfig } from '@lumina/core';
import { baseEnv, portEnv } from '@lumina/runtime';
import { z } from 'zod';

const positive = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const AlerterEnv = z.object({
  ...baseEnv('NATS_URL', 'DATABASE_URL', 'LOG_LEVEL'),
  FACTS_STREAM: z.string().default(FACTS_STREAM),
  FACTS_SUBJECT: z.string().default(FACTS_SUBJECT),
  /** the one durable consumer every alerter replica shares */
  ALERTER_CONSUMER: z.string().default(ALERTER_CONSUMER),
  /** facts messages worked on at once per replica (series are serialized by advisory locks) */
  ALERTER_CONCURRENCY: positive(4),
  ALERTER_ACK_WAIT_MS: positive(30_000),
  ALERTER_DB_POOL_SIZE: positive(6),
  /** how often closed windows are checked (alerts whose signal went away with the clock) */
  ALERTER_TIMER_INTERVAL_MS: positive(5_000),
  /** after an alert of a rule series resolves, a new breach within this long sends nothing */
  ALERTER_COOLDOWN_MS: z.coerce.number().int().min(0).default(900_000),
  /** calls already counted are remembered this long (redeliveries come within minutes) */
  ALERTER_DEDUPE_RETENTION_MS: positive(3_600_000),
  /** outbox polling when nothing signals new notifications */
  ALERTER_DELIVERY_POLL_MS: positive(1_000),
  ALERTER_DELIVERY_TIMEOUT_MS: positive(5_000),
  /** attempts of a notification before it is marked failed */
  ALERTER_DELIVERY_MAX_ATTEMPTS: positive(8),
  ALERTER_RETRY_BASE_DELAY_MS: positive(1_000),
  ALERTER_RETRY_MAX_DELAY_MS: positive(300_000),
  /** a replica that dies mid-delivery leaves its claim; another takes it after this */
  ALERTER_DELIVERY_LEASE_MS: positive(30_000),
  ALERTER_HTTP_HOST: z.string().default('127.0.0.1'),
  ALERTER_HTTP_PORT: portEnv(8085),
});

export type AlerterConfig = z.infer<typeof AlerterEnv>;

/** Parses the environment into the alerter configuration; throws a readable error on bad values. */
export function loadAlerterConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<AlerterConfig> = {}): AlerterConfig {
  return parseServiceConfig('alerter', AlerterEnv, env, overrides);
}

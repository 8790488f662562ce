import { z } from 'zod';
import { DEFAULT_DATABASE_URL, DEFAULT_NATS_URL, DEFAULT_REDIS_URL, SPANS_STREAM, SPANS_SUBJECT } from '@lumina/core';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** A TCP port; 0 asks the system for any free one (tests). */
export const portEnv = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

/** true/false/1/0. */
export const flagEnv = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0'])
    .transform((value) => value === 'true' || value === '1')
    .default(fallback);

/** A whole number of at least `min`. */
export const countEnv = (fallback: number, min = 0) => z.coerce.number().int().min(min).default(fallback);

/** A stream limit: unset means "our default for a new stream, the stream's own for an existing one". */
const streamLimitEnv = (min: number) => z.coerce.number().int().min(min).optional();

/**
 * The variables several services share, each default written once; a service's schema
 * spreads the ones it reads: `z.object({ ...baseEnv('NATS_URL', 'LOG_LEVEL'), ... })`.
 */
export const BASE_ENV = {
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  NATS_URL: z.string().default(DEFAULT_NATS_URL),
  DATABASE_URL: z.string().default(DEFAULT_DATABASE_URL),
  REDIS_URL: z.string().default(DEFAULT_REDIS_URL),
  SPANS_STREAM: z.string().default(SPANS_STREAM),
  SPANS_SUBJECT: z.string().default(SPANS_SUBJECT),
  /** bytes the spans queue may hold (unprocessed); full, ingest answers 503 (default 8 GiB) */
  SPANS_STREAM_MAX_BYTES: streamLimitEnv(1024),
  /** messages the spans queue may hold; -1 for no limit (default 10,000,000) */
  SPANS_STREAM_MAX_MSGS: streamLimitEnv(-1),
  /** copies of each Lumina stream on a JetStream cluster (3 on a 3-server cluster); unset or empty: 1 for a new stream, an existing one keeps its own */
  NATS_STREAM_REPLICAS: z.preprocess((value) => (value === '' ? undefined : value), z.coerce.number().int().min(1).max(5).optional()),
  /** every API and ingest call needs an API key of the right scope; off: everything is the project `default` */
  AUTH_REQUIRED: flagEnv(false),
  /** how often the services reload the API keys (a revoked key stops working within this) */
  AUTH_KEYS_REFRESH_MS: z.coerce.number().int().min(100).default(2_000),
  /** how often project settings (limits, redaction) are read again */
  PROJECT_SETTINGS_REFRESH_MS: z.coerce.number().int().min(100).default(10_000),
};

/** The named entries of BASE_ENV. */
export function baseEnv<Name extends keyof typeof BASE_ENV>(...names: Name[]): Pick<typeof BASE_ENV, Name> {
  return Object.fromEntries(names.map((name) => [name, BASE_ENV[name]])) as Pick<typeof BASE_ENV, Name>;
}

/** The spans stream's limits and replica count as configured (unset ones stay undefined). */
export function spansStreamLimits(config: { SPANS_STREAM_MAX_BYTES?: number | undefined; SPANS_STREAM_MAX_MSGS?: number | undefined; NATS_STREAM_REPLICAS?: number | undefined }) {
  return { maxBytes: config.SPANS_STREAM_MAX_BYTES, maxMsgs: config.SPANS_STREAM_MAX_MSGS, replicas: config.NATS_STREAM_REPLICAS };
}

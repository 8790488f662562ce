import { LOGS_STREAM, LOGS_SUBJECT, parseServiceConfig } from '@lumina/core';
import { baseEnv, portEnv } from '@lumina/runtime';
import { z } from 'zod';

const portList = z
  .string()
  .transform((value) => value.split(',').map((part) => part.trim()).filter(Boolean).map(Number))
  .pipe(z.array(z.number().int().min(0).max(65535)));

const IngestEnv = z.object({
  ...baseEnv(
    'NATS_URL',
    'DATABASE_URL',
    'REDIS_URL',
    'LOG_LEVEL',
    'SPANS_STREAM',
    'SPANS_SUBJECT',
    'SPANS_STREAM_MAX_BYTES',
    'SPANS_STREAM_MAX_MSGS',
    'NATS_STREAM_REPLICAS',
    'AUTH_REQUIRED',
    'AUTH_KEYS_REFRESH_MS',
    'PROJECT_SETTINGS_REFRESH_MS',
  ),
  /** distinct traces a project may send per UTC day (a project's own limit overrides it); 0: no limit */
  DAILY_TRACE_LIMIT: z.coerce.number().int().min(0).default(50_000),
  /** Redis key prefix of the daily trace counts */
  DAILY_TRACE_LIMIT_KEY_PREFIX: z.string().default('lumina:daily-traces:'),
  /** the queue of gen_ai events sent as OTLP logs (a work queue like the spans stream, same limit rules) */
  LOGS_STREAM: z.string().default(LOGS_STREAM),
  LOGS_SUBJECT: z.string().default(LOGS_SUBJECT),
  LOGS_STREAM_MAX_BYTES: z.coerce.number().int().min(1024).optional(),
  LOGS_STREAM_MAX_MSGS: z.coerce.number().int().min(-1).optional(),
  INGEST_HOST: z.string().default('127.0.0.1'),
  INGEST_GRPC_PORT: portEnv(4317),
  /** OTLP/HTTP ports, comma-separated; empty disables HTTP except the health port */
  INGEST_HTTP_PORTS: portList.default([4318, 9411]),
  INGEST_MAX_BODY_BYTES: z.coerce.number().int().positive().default(16 * 1024 * 1024),
  INGEST_PUBLISH_TIMEOUT_MS: z.coerce.number().int().positive().default(5000),
  /** push back (503) while the oldest unprocessed span is older than this; 0: no age limit */
  SPANS_STREAM_MAX_AGE_SECONDS: z.coerce.number().min(0).default(0),
  /** exports of at most this many spans go to the express lane (processed ahead of bulk traffic); 0: none */
  INGEST_EXPRESS_MAX_SPANS: z.coerce.number().int().min(0).default(32),
  /** what a 503 asks clients to wait before retrying */
  INGEST_RETRY_AFTER_SECONDS: z.coerce.number().int().min(1).default(5),
});

export type IngestConfig = z.infer<typeof IngestEnv>;

/** Parses the environment into the ingest configuration; throws a readable error on bad values. */
export function loadIngestConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<IngestConfig> = {}): IngestConfig {
  return parseServiceConfig('ingest', IngestEnv, env, overrides);
}

import { SPANS_STREAM, SPANS_SUBJECT, parseServiceConfig } from '@lumina/core';
import { z } from 'zod';

const portList = z
  .string()
  .transform((value) => value.split(',').map((part) => part.trim()).filter(Boolean).map(Number))
  .pipe(z.array(z.number().int().min(0).max(65535)));

const IngestEnv = z.object({
  INGEST_HOST: z.string().default('127.0.0.1'),
  INGEST_GRPC_PORT: z.coerce.number().int().min(0).max(65535).default(4317),
  /** OTLP/HTTP ports, comma-separated; empty disables HTTP except the health port */
  INGEST_HTTP_PORTS: portList.default([4318, 9411]),
  INGEST_MAX_BODY_BYTES: z.coerce.number().int().positive().default(16 * 1024 * 1024),
  INGEST_PUBLISH_TIMEOUT_MS: z.coerce.number().int().positive().default(5000),
  NATS_URL: z.string().default('nats://127.0.0.1:4222'),
  SPANS_STREAM: z.string().default(SPANS_STREAM),
  SPANS_SUBJECT: z.string().default(SPANS_SUBJECT),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type IngestConfig = z.infer<typeof IngestEnv>;

/** Parses the environment into the ingest configuration; throws a readable error on bad values. */
export function loadIngestConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<IngestConfig> = {}): IngestConfig {
  return parseServiceConfig('ingest', IngestEnv, env, overrides);
}

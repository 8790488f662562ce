import { DEFAULT_PROJECT_ID, DLQ_STREAM, DLQ_SUBJECT, PROCESSORS_CONSUMER, SPANS_STREAM, SPANS_SUBJECT, parseServiceConfig } from '@lumina/core';
import { z } from 'zod';

const ProcessorEnv = z.object({
  NATS_URL: z.string().default('nats://127.0.0.1:4222'),
  DATABASE_URL: z.string().default('postgres://postgres@127.0.0.1:5432/lumina'),
  SPANS_STREAM: z.string().default(SPANS_STREAM),
  SPANS_SUBJECT: z.string().default(SPANS_SUBJECT),
  DLQ_STREAM: z.string().default(DLQ_STREAM),
  DLQ_SUBJECT: z.string().default(DLQ_SUBJECT),
  PROCESSOR_CONSUMER: z.string().default(PROCESSORS_CONSUMER),
  PROCESSOR_PROJECT_ID: z.string().default(DEFAULT_PROJECT_ID),
  /** payload bytes at which a batch (one transaction) is cut; smaller when the stream has less */
  PROCESSOR_BATCH_MAX_BYTES: z.coerce.number().int().min(65536).default(2 * 1024 * 1024),
  /** expiry of each JetStream pull request (nats.js needs at least 1 s) */
  PROCESSOR_BATCH_WAIT_MS: z.coerce.number().int().min(1000).default(5000),
  /** batches in flight at once in one replica (overlaps decoding with database writes) */
  PROCESSOR_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(4),
  /** deliveries of a failing message before it goes to the dead-letter subject */
  PROCESSOR_MAX_DELIVERIES: z.coerce.number().int().min(1).default(5),
  PROCESSOR_ACK_WAIT_MS: z.coerce.number().int().min(1000).default(60_000),
  PROCESSOR_DB_POOL_SIZE: z.coerce.number().int().min(1).default(4),
  PROCESSOR_HTTP_HOST: z.string().default('127.0.0.1'),
  PROCESSOR_HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(8083),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type ProcessorConfig = z.infer<typeof ProcessorEnv>;

/** Parses the environment into the processor configuration; throws a readable error on bad values. */
export function loadProcessorConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<ProcessorConfig> = {}): ProcessorConfig {
  return parseServiceConfig('processor', ProcessorEnv, env, overrides);
}

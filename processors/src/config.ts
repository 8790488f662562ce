import { DLQ_STREAM, DLQ_SUBJECT, PROCESSORS_CONSUMER, parseServiceConfig } from '@lumina/core';
import { baseEnv, flagEnv, portEnv } from '@lumina/runtime';
import { z } from 'zod';

const ProcessorEnv = z.object({
  ...baseEnv('NATS_URL', 'DATABASE_URL', 'LOG_LEVEL', 'SPANS_STREAM', 'SPANS_SUBJECT', 'SPANS_STREAM_MAX_BYTES', 'SPANS_STREAM_MAX_MSGS', 'NATS_STREAM_REPLICAS', 'PROJECT_SETTINGS_REFRESH_MS'),
  DLQ_STREAM: z.string().default(DLQ_STREAM),
  DLQ_SUBJECT: z.string().default(DLQ_SUBJECT),
  /** bytes the dead-letter stream may hold (default 1 GiB); full, failing payloads are held, not dropped */
  DLQ_STREAM_MAX_BYTES: z.coerce.number().int().min(1024).optional(),
  /** messages the dead-letter stream may hold; -1 for no limit (default 1,000,000) */
  DLQ_STREAM_MAX_MSGS: z.coerce.number().int().min(-1).optional(),
  PROCESSOR_CONSUMER: z.string().default(PROCESSORS_CONSUMER),
  /** payload bytes at which a batch (one transaction) is cut; smaller when the stream has less */
  PROCESSOR_BATCH_MAX_BYTES: z.coerce.number().int().min(65536).default(2 * 1024 * 1024),
  /** expiry of each JetStream pull request (nats.js needs at least 1 s) */
  PROCESSOR_BATCH_WAIT_MS: z.coerce.number().int().min(1000).default(5000),
  /** batches in flight at once in one replica (overlaps decoding with database writes) */
  PROCESSOR_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(4),
  /** deliveries of a failing message before it goes to the dead-letter subject */
  PROCESSOR_MAX_DELIVERIES: z.coerce.number().int().min(1).default(5),
  /** while the dead-letter stream refuses a payload (full), it stays in the spans stream and is retried this often */
  PROCESSOR_DEAD_LETTER_RETRY_MS: z.coerce.number().int().min(100).default(30_000),
  PROCESSOR_ACK_WAIT_MS: z.coerce.number().int().min(1000).default(60_000),
  PROCESSOR_DB_POOL_SIZE: z.coerce.number().int().min(1).default(4),
  /** PII redaction before storage (on by default) */
  PII_REDACTION: flagEnv(true),
  /** kinds of the default patterns to leave alone, comma-separated (email, card_number, us_ssn, phone, iban, openai_key, anthropic_key, aws_access_key, github_token, bearer_token) */
  PII_REDACTION_DISABLED_KINDS: z
    .string()
    .default('')
    .transform((value) => value.split(',').map((kind) => kind.trim()).filter(Boolean)),
  /** further patterns for every project, as JSON: [{"kind": "employee_id", "pattern": "EMP-\\d{6}"}] */
  PII_REDACTION_PATTERNS: z
    .string()
    .default('[]')
    .transform((value, ctx) => {
      try {
        const parsed = JSON.parse(value) as Array<{ kind: string; pattern: string; flags?: string }>;
        return parsed.map(({ kind, pattern, flags }) => ({ kind, pattern: new RegExp(pattern, `${(flags ?? '').replace('g', '')}g`) }));
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: `must be a JSON array of {kind, pattern} with valid regular expressions (${String(error)})` });
        return z.NEVER;
      }
    }),
  PROCESSOR_HTTP_HOST: z.string().default('127.0.0.1'),
  PROCESSOR_HTTP_PORT: portEnv(8083),
});

export type ProcessorConfig = z.infer<typeof ProcessorEnv>;

/** Parses the environment into the processor configuration; throws a readable error on bad values. */
export function loadProcessorConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<ProcessorConfig> = {}): ProcessorConfig {
  return parseServiceConfig('processor', ProcessorEnv, env, overrides);
}

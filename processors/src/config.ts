import { DLQ_STREAM, DLQ_SUBJECT, FACTS_STREAM, FACTS_SUBJECT, LOGS_CONSUMER, LOGS_STREAM, LOGS_SUBJECT, PROCESSORS_CONSUMER, parseServiceConfig } from '@lumina/core';
import { baseEnv, flagEnv, portEnv, PRICE_ENV } from '@lumina/runtime';
import { z } from 'zod';

const ProcessorEnv = z.object({
  ...baseEnv('NATS_URL', 'DATABASE_URL', 'REDIS_URL', 'LOG_LEVEL', 'SPANS_STREAM', 'SPANS_SUBJECT', 'SPANS_STREAM_MAX_BYTES', 'SPANS_STREAM_MAX_MSGS', 'NATS_STREAM_REPLICAS', 'PROJECT_SETTINGS_REFRESH_MS'),
  DLQ_STREAM: z.string().default(DLQ_STREAM),
  DLQ_SUBJECT: z.string().default(DLQ_SUBJECT),
  /** bytes the dead-letter stream may hold (default 1 GiB); full, failing payloads are held, not dropped */
  DLQ_STREAM_MAX_BYTES: z.coerce.number().int().min(1024).optional(),
  /** messages the dead-letter stream may hold; -1 for no limit (default 1,000,000) */
  DLQ_STREAM_MAX_MSGS: z.coerce.number().int().min(-1).optional(),
  PROCESSOR_CONSUMER: z.string().default(PROCESSORS_CONSUMER),
  /** gen_ai events sent as OTLP logs: their stream (created here when ingest has not yet), subject and durable consumer */
  LOGS_STREAM: z.string().default(LOGS_STREAM),
  LOGS_SUBJECT: z.string().default(LOGS_SUBJECT),
  LOGS_STREAM_MAX_BYTES: z.coerce.number().int().min(1024).optional(),
  LOGS_STREAM_MAX_MSGS: z.coerce.number().int().min(-1).optional(),
  PROCESSOR_LOGS_CONSUMER: z.string().default(LOGS_CONSUMER),
  /** a gen_ai log event whose span has not arrived this long after it is dropped */
  LOG_EVENT_ORPHAN_TTL_SECONDS: z.coerce.number().int().min(1).default(3600),
  /** how often the join looks for waiting events whose span is stored */
  LOG_EVENT_JOIN_INTERVAL_MS: z.coerce.number().int().min(10).default(500),
  /** waiting events looked at per join pass (one transaction) */
  LOG_EVENT_JOIN_BATCH: z.coerce.number().int().min(1).default(1000),
  /** longest wait between two checks of a waiting event (1 s, 2 s, 4 s … up to this); a stored span brings it forward */
  LOG_EVENT_RECHECK_MAX_SECONDS: z.coerce.number().int().min(1).default(60),
  /**
   * payload bytes at which a batch (one transaction) is cut; smaller when the stream has less.
   * What is in flight (payloads, decoded spans, COPY buffers) is this times PROCESSOR_CONCURRENCY:
   * bench:ingest 200k, two replicas, 2 MiB × 2 in flight → peak RSS 210-217 MiB a replica, and
   * fewer, larger transactions cost Postgres less a span than 1 MiB × 4 (BENCHMARKS.md, "2026-12-03 18:43–19:22").
   */
  PROCESSOR_BATCH_MAX_BYTES: z.coerce.number().int().min(65536).default(2 * 1024 * 1024),
  /** expiry of each JetStream pull request (nats.js needs at least 1 s) */
  PROCESSOR_BATCH_WAIT_MS: z.coerce.number().int().min(1000).default(5000),
  /**
   * batches in flight at once in one replica (overlaps decoding with database writes); 2 rather
   * than 4: on two cores, eight concurrent transactions contended on the same index pages.
   */
  PROCESSOR_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(2),
  /**
   * database sessions the bulk lane writes through at once (a pool of its own); batches in flight
   * beyond it wait with their COPY text made. On two cores Postgres spent 58 / 69 / 79 µs of CPU
   * a span with 1 / 2 / 4 writers at once (BENCHMARKS.md, "2026-12-03 21:47–22:45").
   */
  PROCESSOR_WRITE_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(1),
  /** deliveries of a failing message before it goes to the dead-letter subject */
  PROCESSOR_MAX_DELIVERIES: z.coerce.number().int().min(1).default(5),
  /** while the dead-letter stream refuses a payload (full), it stays in the spans stream and is retried this often */
  PROCESSOR_DEAD_LETTER_RETRY_MS: z.coerce.number().int().min(100).default(30_000),
  PROCESSOR_ACK_WAIT_MS: z.coerce.number().int().min(1000).default(60_000),
  PROCESSOR_DB_POOL_SIZE: z.coerce.number().int().min(1).default(4),
  /**
   * which lanes of the spans stream this process reads: `bulk` (with the gen_ai log events and
   * their join), `express` (small exports), or both. `npm start` runs a process of its own for
   * the express lane, so that its small batches never wait for an event loop busy with bulk ones.
   */
  PROCESSOR_LANES: z
    .string()
    .default('bulk,express')
    .transform((value) => value.split(',').map((part) => part.trim()).filter(Boolean))
    .pipe(z.array(z.enum(['bulk', 'express'])).min(1)),
  /**
   * how far (percent) the heap may grow past the live data before a full GC (heap-growth.ts); 0: V8's own (up to 300%).
   * bench:ingest 50k: 0 → ~470-505 MiB peak RSS, 100 → ~365 MiB at the same CPU, 25 → ~270-310 MiB but ~+30% CPU per span
   */
  PROCESSOR_HEAP_GROWTH_PERCENT: z.coerce.number().int().min(0).max(300).default(100),
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
  ...PRICE_ENV,
  /** publish the facts of stored LLM calls for the alerter (one message per committed batch) */
  ALERT_FACTS: flagEnv(true),
  FACTS_STREAM: z.string().default(FACTS_STREAM),
  FACTS_SUBJECT: z.string().default(FACTS_SUBJECT),
  /** the quality score of every chat-like LLM call before storage (core/src/quality) */
  QUALITY_SCORING: flagEnv(true),
  /** responses an endpoint must have shown before the length signal counts */
  QUALITY_MIN_LENGTH_SAMPLES: z.coerce.number().int().min(1).default(30),
  /** bounds of the in-memory baselines: endpoints with length samples, prompts with their last responses */
  QUALITY_BASELINE_MAX_ENDPOINTS: z.coerce.number().int().min(1).default(2000),
  QUALITY_BASELINE_MAX_PROMPTS: z.coerce.number().int().min(0).default(5000),
  /** stored responses of the last 24 h read at start-up to warm the baselines (0: start cold) */
  QUALITY_BASELINE_WARM_ROWS: z.coerce.number().int().min(0).default(5000),
  /** the judge tier is on when one of these keys is set (Anthropic first) */
  QUALITY_JUDGE_ANTHROPIC_API_KEY: z.string().optional(),
  QUALITY_JUDGE_ANTHROPIC_BASE_URL: z.string().url().optional(),
  QUALITY_JUDGE_OPENAI_API_KEY: z.string().optional(),
  QUALITY_JUDGE_OPENAI_BASE_URL: z.string().url().optional(),
  /** default claude-haiku-4-5 (Anthropic) or gpt-4o-mini (OpenAI) */
  QUALITY_JUDGE_MODEL: z.string().optional(),
  /** judge calls per UTC minute over all replicas (Redis counter); cache hits are free */
  QUALITY_JUDGE_MAX_PER_MIN: z.coerce.number().int().min(0).default(60),
  /** local scores in [low, high) are borderline and go to the judge */
  QUALITY_JUDGE_BAND_LOW: z.coerce.number().min(0).max(1).default(0.4),
  QUALITY_JUDGE_BAND_HIGH: z.coerce.number().min(0).max(1).default(0.8),
  QUALITY_JUDGE_CACHE_TTL_SECONDS: z.coerce.number().int().min(1).default(2_592_000),
  QUALITY_JUDGE_REDIS_PREFIX: z.string().default('lumina:quality:'),
  QUALITY_JUDGE_TIMEOUT_MS: z.coerce.number().int().min(100).default(30_000),
  QUALITY_JUDGE_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(2),
  /** borderline calls waiting for the judge at most; more are skipped (their local score stays) */
  QUALITY_JUDGE_QUEUE_MAX: z.coerce.number().int().min(1).default(1000),
  PROCESSOR_HTTP_HOST: z.string().default('127.0.0.1'),
  PROCESSOR_HTTP_PORT: portEnv(8083),
});

export type ProcessorConfig = z.infer<typeof ProcessorEnv>;

/** Parses the environment into the processor configuration; throws a readable error on bad values. */
export function loadProcessorConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<ProcessorConfig> = {}): ProcessorConfig {
  return parseServiceConfig('processor', ProcessorEnv, env, overrides);
}

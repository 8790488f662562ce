import { parseServiceConfig } from '@lumina/core';
import { baseEnv, portEnv } from '@lumina/runtime';
import { z } from 'zod';

const positive = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const atLeast = (fallback: number, min: number) => z.coerce.number().int().min(min).default(fallback);
/** Unset and empty mean "not configured" (compose files pass empty variables through). */
const optionalText = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));

const ReplayEnv = z.object({
  ...baseEnv('DATABASE_URL', 'REDIS_URL', 'LOG_LEVEL', 'AUTH_REQUIRED', 'AUTH_KEYS_REFRESH_MS'),
  REPLAY_HOST: z.string().default('127.0.0.1'),
  REPLAY_PORT: portEnv(8082),
  REPLAY_DB_POOL_MAX: positive(10),
  REPLAY_DB_CONNECT_TIMEOUT_MS: positive(2_000),
  /** provider keys and endpoints, as the official SDKs name them; a provider without a key is simulated */
  OPENAI_API_KEY: optionalText,
  OPENAI_BASE_URL: optionalText,
  ANTHROPIC_API_KEY: optionalText,
  ANTHROPIC_BASE_URL: optionalText,
  /** auto: live when every provider a run calls has a key, else simulation; live/simulation force it */
  REPLAY_MODE: z.enum(['auto', 'live', 'simulation']).default('auto'),
  /** one provider call (one attempt) longer than this fails with provider_timeout */
  REPLAY_CALL_TIMEOUT_MS: positive(60_000),
  /** retries of a call answered 429, 5xx or not at all (connection failed), after the first attempt */
  REPLAY_MAX_RETRIES: atLeast(3, 0),
  REPLAY_RETRY_BASE_DELAY_MS: atLeast(500, 0),
  REPLAY_RETRY_MAX_DELAY_MS: atLeast(30_000, 0),
  /** a Retry-After longer than this is not waited for: the call fails with rate_limited */
  REPLAY_MAX_RETRY_AFTER_MS: atLeast(60_000, 0),
  REPLAY_DEFAULT_CONCURRENCY: positive(5),
  REPLAY_MAX_CONCURRENCY: positive(50),
  /** most traces in one set; a capture by filters matching more needs sample_size */
  REPLAY_MAX_SET_TRACES: positive(10_000),
  /** most matching traces a sample is drawn from (the newest) */
  REPLAY_MAX_SAMPLE_CANDIDATES: positive(100_000),
  REPLAY_REGRESSION_THRESHOLD: z.coerce.number().min(0).max(1).default(0.7),
  REPLAY_JUDGE_PROVIDER: z.enum(['anthropic', 'openai']).default('anthropic'),
  /** default: claude-haiku-4-5 (anthropic) or gpt-4o-mini (openai) */
  REPLAY_JUDGE_MODEL: optionalText,
  /** false turns the judge off even with a key */
  REPLAY_JUDGE_ENABLED: z
    .enum(['true', 'false', '1', '0'])
    .transform((value) => value === 'true' || value === '1')
    .default(true),
  REPLAY_JUDGE_CACHE_TTL_SECONDS: positive(30 * 86_400),
  REPLAY_REDIS_PREFIX: z.string().default('lumina:replay:'),
  /** how often each replica looks for runs to work on (runs it started itself begin at once) */
  REPLAY_POLL_INTERVAL_MS: positive(1_000),
  /** a claimed call whose replica stops renewing it for this long is taken over by another */
  REPLAY_LEASE_MS: positive(30_000),
  /** a call claimed this many times without finishing (its replicas died) fails as interrupted */
  REPLAY_MAX_CLAIMS: positive(3),
  /** this replica's name in claims; default host:port (stable across restarts, so a restarted replica resumes its calls at once) */
  REPLAY_WORKER_ID: optionalText,
  /** on stop, calls in flight get this long to finish; the rest are given back to the queue */
  REPLAY_STOP_GRACE_MS: atLeast(10_000, 0),
  /** the longest `POST /replay/run?wait=true` waits before answering 202 with the run still going */
  REPLAY_WAIT_TIMEOUT_MS: positive(600_000),
});

export type ReplayConfig = z.infer<typeof ReplayEnv>;

/** Parses the environment into the replay service configuration; throws a readable error on bad values. */
export function loadReplayConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<ReplayConfig> = {}): ReplayConfig {
  return parseServiceConfig('replay', ReplayEnv, env, overrides);
}

const DEFAULT_JUDGE_MODELS = { anthropic: 'claude-haiku-4-5', openai: 'gpt-4o-mini' } as const;

/** The judge model: the configured one, else the provider's small model. */
export function judgeModelOf(config: Pick<ReplayConfig, 'REPLAY_JUDGE_PROVIDER' | 'REPLAY_JUDGE_MODEL'>): string {
  return config.REPLAY_JUDGE_MODEL ?? DEFAULT_JUDGE_MODELS[config.REPLAY_JUDGE_PROVIDER];
}

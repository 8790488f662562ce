import { parseServiceConfig } from '@lumina/core';
import { z } from 'zod';

const flag = z.enum(['true', 'false', '1', '0']).transform((value) => value === 'true' || value === '1');

const QueryApiEnv = z.object({
  QUERY_API_HOST: z.string().default('0.0.0.0'),
  QUERY_API_PORT: z.coerce.number().int().min(0).max(65535).default(8081),
  DATABASE_URL: z.string().default('postgres://postgres@127.0.0.1:5432/lumina'),
  /** connections the API may hold; each request uses at most three at once */
  QUERY_DB_POOL_MAX: z.coerce.number().int().positive().default(10),
  /** a query running longer is cancelled and answered with 503 query_timeout */
  QUERY_STATEMENT_TIMEOUT_MS: z.coerce.number().int().positive().default(15_000),
  /** how long to wait for a connection before answering 503 database_unavailable */
  QUERY_DB_CONNECT_TIMEOUT_MS: z.coerce.number().int().positive().default(2_000),
  REDIS_URL: z.string().default('redis://127.0.0.1:6379'),
  /** analytics responses are cached this long; 0 disables the cache */
  QUERY_CACHE_TTL_SECONDS: z.coerce.number().int().min(0).default(5),
  QUERY_CACHE_PREFIX: z.string().default('lumina:query-api:'),
  /** fold rollup deltas and index queued spans for search in the background */
  QUERY_BACKGROUND_JOBS: flag.default(true),
  ROLLUP_COMPACT_INTERVAL_MS: z.coerce.number().int().positive().default(1_000),
  SEARCH_INDEX_INTERVAL_MS: z.coerce.number().int().positive().default(1_000),
  SEARCH_INDEX_BATCH: z.coerce.number().int().positive().default(1_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type QueryApiConfig = z.infer<typeof QueryApiEnv>;

/** Parses the environment into the query API configuration; throws a readable error on bad values. */
export function loadQueryApiConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<QueryApiConfig> = {}): QueryApiConfig {
  return parseServiceConfig('query-api', QueryApiEnv, env, overrides);
}

import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseServiceConfig } from '@lumina/core';
import { baseEnv, portEnv } from '@lumina/runtime';
import { z } from 'zod';

/**
 * dashboard/dist of this repository (the query API serves the dashboard built beside it): found
 * through the workspace package, so that a bundled query API finds it too; else beside this file.
 */
function defaultDashboardDir(): string {
  try {
    return join(dirname(createRequire(import.meta.url).resolve('@lumina/dashboard/package.json')), 'dist');
  } catch {
    return fileURLToPath(new URL('../../dashboard/dist', import.meta.url));
  }
}
const DEFAULT_DASHBOARD_DIR = defaultDashboardDir();

const QueryApiEnv = z.object({
  ...baseEnv('DATABASE_URL', 'REDIS_URL', 'LOG_LEVEL', 'AUTH_REQUIRED', 'AUTH_KEYS_REFRESH_MS'),
  /** loopback unless configured (with AUTH_REQUIRED off, anyone reaching the port reads every prompt) */
  QUERY_API_HOST: z.string().default('127.0.0.1'),
  QUERY_API_PORT: portEnv(8081),
  /** connections the API may hold; each request uses at most three at once */
  QUERY_DB_POOL_MAX: z.coerce.number().int().positive().default(10),
  /** a query running longer is cancelled and answered with 503 query_timeout */
  QUERY_STATEMENT_TIMEOUT_MS: z.coerce.number().int().positive().default(15_000),
  /** how long to wait for a connection before answering 503 database_unavailable */
  QUERY_DB_CONNECT_TIMEOUT_MS: z.coerce.number().int().positive().default(2_000),
  /** analytics responses are cached this long; 0 disables the cache */
  QUERY_CACHE_TTL_SECONDS: z.coerce.number().int().min(0).default(5),
  QUERY_CACHE_PREFIX: z.string().default('lumina:query-api:'),
  /** the built dashboard (`npm run build -w @lumina/dashboard`), served at `/` */
  DASHBOARD_DIR: z.string().default(DEFAULT_DASHBOARD_DIR),
  /** the replay service; `/replay` and `/replay/*` are proxied to it so the dashboard needs one origin */
  REPLAY_URL: z.string().url().default('http://127.0.0.1:8082'),
  /** how long a proxied replay call may take (a `?wait=true` run waits for the whole run) */
  REPLAY_PROXY_TIMEOUT_MS: z.coerce.number().int().positive().default(600_000),
});

export type QueryApiConfig = z.infer<typeof QueryApiEnv>;

/** Parses the environment into the query API configuration; throws a readable error on bad values. */
export function loadQueryApiConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<QueryApiConfig> = {}): QueryApiConfig {
  return parseServiceConfig('query-api', QueryApiEnv, env, overrides);
}

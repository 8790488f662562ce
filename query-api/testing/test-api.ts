import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll } from 'vitest';
import { openTestDatabase } from './database.js';
import { seedSpans, type SeedSpan } from './seed.js';
import { loadQueryApiConfig, type QueryApiConfig } from '../src/config.js';
import { createQueryApi, type QueryApi } from '../src/service.js';

/** A query API on a database of its own, with a Redis key prefix of its own; `close()` removes both. */
export interface TestApi {
  api: QueryApi;
  pool: pg.Pool;
  databaseUrl: string;
  cachePrefix: string;
  /** GET through `app.request()`: status and parsed JSON (or text) body. */
  get<Body = any>(path: string): Promise<{ status: number; body: Body; headers: Headers }>;
  close(): Promise<void>;
}

export async function startTestApi(env: Record<string, string> = {}): Promise<TestApi> {
  const db = await openTestDatabase();
  const cachePrefix = `lumina-test:${randomBytes(6).toString('hex')}:`;
  const config: QueryApiConfig = loadQueryApiConfig({
    DATABASE_URL: db.url,
    QUERY_API_PORT: '0',
    QUERY_CACHE_PREFIX: cachePrefix,
    QUERY_CACHE_TTL_SECONDS: '0',
    LOG_LEVEL: 'silent',
    ...env,
  });
  const api = createQueryApi(config, pino({ level: config.LOG_LEVEL }));
  const pool = new pg.Pool({ connectionString: db.url, max: 4 });
  return {
    api,
    pool,
    databaseUrl: db.url,
    cachePrefix,
    async get(path) {
      const response = await api.app.request(path);
      const text = await response.text();
      const isJson = (response.headers.get('content-type') ?? '').includes('application/json');
      return { status: response.status, body: isJson ? JSON.parse(text) : text, headers: response.headers };
    },
    async close() {
      await api.stop();
      await pool.end();
      await db.drop();
    },
  };
}

/**
 * The usual suite setup: a test API started and seeded with `spans` before the file's tests,
 * closed after them. The returned object is filled in by `beforeAll`; use it inside tests.
 */
export function seededTestApi(spans: SeedSpan[], options: { searchQueued?: boolean } = {}): TestApi {
  const t = {} as TestApi;
  beforeAll(async () => {
    Object.assign(t, await startTestApi());
    await seedSpans(t.pool, spans, options);
  });
  afterAll(async () => {
    await t.close?.();
  });
  return t;
}

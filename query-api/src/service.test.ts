import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from './testing/database.js';
import { loadQueryApiConfig } from './config.js';
import { createQueryApi, type QueryApi } from './service.js';
import { seedSpans } from './testing/seed.js';

let db: { url: string; drop: () => Promise<void> };
let pool: pg.Pool;
let api: QueryApi;
let baseUrl: string;

beforeAll(async () => {
  db = await openTestDatabase();
  pool = new pg.Pool({ connectionString: db.url });
  api = createQueryApi(
    loadQueryApiConfig({ DATABASE_URL: db.url, QUERY_API_PORT: '0', QUERY_API_HOST: '127.0.0.1', ROLLUP_COMPACT_INTERVAL_MS: '100', SEARCH_INDEX_INTERVAL_MS: '100', QUERY_CACHE_TTL_SECONDS: '0' }),
    pino({ level: 'silent' }),
  );
  const { port } = await api.start();
  baseUrl = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  await api.stop();
  await pool.end();
  await db.drop();
});

async function eventually(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the query API service', () => {
  it('serves HTTP on the port it reports', async () => {
    const response = await fetch(`${baseUrl}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('folds rollup deltas and indexes new spans for search in the background', async () => {
    await seedSpans(pool, [
      { trace_id: '1'.repeat(32), span_id: '1'.repeat(16), service_name: 'svc', start_ms: Date.parse('2026-05-01T00:00:00Z'), latency_ms: 10, model: 'gpt-4o', prompt: 'background indexing works', response: 'yes' },
    ]);
    await eventually(async () => {
      const { rows } = await pool.query<{ deltas: string; queued: string; documents: string }>(
        'SELECT (SELECT count(*) FROM span_rollup_deltas) AS deltas, (SELECT count(*) FROM span_search_queue) AS queued, (SELECT count(*) FROM span_search) AS documents',
      );
      return rows[0]?.deltas === '0' && rows[0]?.queued === '0' && rows[0]?.documents === '1';
    });
    const { rows } = await pool.query("SELECT resolution, dims FROM span_rollups ORDER BY 1, 2");
    expect(rows).toHaveLength(9);
    const found = (await (await fetch(`${baseUrl}/api/spans?q=background%20indexing`)).json()) as { data: unknown[] };
    expect(found.data).toHaveLength(1);
  });

  it('stops: no more connections accepted, and stop() can be called twice', async () => {
    await api.stop();
    await expect(fetch(`${baseUrl}/health`)).rejects.toThrow();
    await api.stop();
  });
});

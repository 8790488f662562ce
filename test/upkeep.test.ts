import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUpkeep, loadUpkeepConfig, type Upkeep } from '@lumina/processors';
import { createQueryApi, loadQueryApiConfig, type QueryApi } from '@lumina/query-api';
import { openTestDatabase } from '../query-api/testing/database.js';
import { seedSpans } from '../query-api/testing/seed.js';
import { waitFor } from './support/wait.js';

let db: { url: string; drop: () => Promise<void> };
let pool: pg.Pool;
let upkeep: Upkeep;
let api: QueryApi;
let baseUrl: string;

beforeAll(async () => {
  db = await openTestDatabase();
  pool = new pg.Pool({ connectionString: db.url });
  upkeep = createUpkeep(
    loadUpkeepConfig({ DATABASE_URL: db.url, UPKEEP_HTTP_PORT: '0', ROLLUP_COMPACT_INTERVAL_MS: '100', SEARCH_INDEX_INTERVAL_MS: '100' }),
    pino({ level: 'silent' }),
  );
  await upkeep.start();
  api = createQueryApi(loadQueryApiConfig({ DATABASE_URL: db.url, QUERY_API_PORT: '0', QUERY_API_HOST: '127.0.0.1', QUERY_CACHE_TTL_SECONDS: '0' }), pino({ level: 'silent' }));
  baseUrl = `http://127.0.0.1:${(await api.start()).port}`;
});
afterAll(async () => {
  await api.stop();
  await upkeep.stop();
  await pool.end();
  await db.drop();
});

describe('the write-side upkeep process', () => {
  it('folds rollup deltas and indexes new spans for search in the background', async () => {
    await seedSpans(pool, [
      { trace_id: '1'.repeat(32), span_id: '1'.repeat(16), service_name: 'svc', start_ms: Date.parse('2026-05-01T00:00:00Z'), latency_ms: 10, model: 'gpt-4o', prompt: 'background indexing works', response: 'yes' },
    ]);
    await waitFor(
      async () =>
        (
          await pool.query<{ deltas: string; queued: string; documents: string }>(
            'SELECT (SELECT count(*) FROM span_rollup_deltas) AS deltas, (SELECT count(*) FROM span_search_queue) AS queued, (SELECT count(*) FROM span_search) AS documents',
          )
        ).rows[0],
      (row) => row?.deltas === '0' && row?.queued === '0' && row?.documents === '1',
      10_000,
      'deltas folded and the span indexed',
    );
    const { rows } = await pool.query("SELECT resolution, dims FROM span_rollups ORDER BY 1, 2");
    expect(rows).toHaveLength(9);
    const found = (await (await fetch(`${baseUrl}/api/spans?q=background%20indexing`)).json()) as { data: unknown[] };
    expect(found.data).toHaveLength(1);
  });
});

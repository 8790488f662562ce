import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadQueryApiConfig } from './config.js';
import { createQueryApi, type QueryApi } from './service.js';

/** An API whose Postgres is not there (nothing listens on port 1). */
let api: QueryApi;
beforeAll(() => {
  api = createQueryApi(
    loadQueryApiConfig({
      DATABASE_URL: 'postgres://postgres@127.0.0.1:1/lumina',
      REDIS_URL: 'redis://127.0.0.1:1',
      QUERY_DB_CONNECT_TIMEOUT_MS: '500',
      LOG_LEVEL: 'silent',
    }),
    pino({ level: 'silent' }),
  );
});
afterAll(async () => {
  await api.stop();
});

describe('when Postgres is unreachable', () => {
  it.each([
    '/api/traces',
    '/api/traces?q=refund&service=a',
    `/api/traces/${'a'.repeat(32)}`,
    '/api/spans',
    '/api/analytics/cost?group_by=model',
    '/api/analytics/latency?group_by=tag',
    '/api/analytics/tokens',
    '/api/export',
  ])('GET %s answers 503 database_unavailable, without internals', async (path) => {
    const response = await api.app.request(path);
    expect(response.status).toBe(503);
    const body = await response.json();
    expect(body).toEqual({ error: { code: 'database_unavailable', message: 'the database is unavailable; retry shortly' } });
  });

  it('still answers /health, /metrics and /openapi.json', async () => {
    for (const path of ['/health', '/metrics', '/openapi.json']) expect((await api.app.request(path)).status).toBe(200);
  });

  it('still validates parameters first (400, not 503)', async () => {
    expect((await api.app.request('/api/traces?limit=0')).status).toBe(400);
  });
});

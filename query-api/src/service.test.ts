import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../testing/database.js';
import { loadQueryApiConfig } from './config.js';
import { createQueryApi, type QueryApi } from './service.js';

let db: { url: string; drop: () => Promise<void> };
let api: QueryApi;
let baseUrl: string;

beforeAll(async () => {
  db = await openTestDatabase();
  api = createQueryApi(
    loadQueryApiConfig({ DATABASE_URL: db.url, QUERY_API_PORT: '0', QUERY_API_HOST: '127.0.0.1', QUERY_CACHE_TTL_SECONDS: '0' }),
    pino({ level: 'silent' }),
  );
  const { port } = await api.start();
  baseUrl = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  await api.stop();
  await db.drop();
});

describe('the query API service', () => {
  it('serves HTTP on the port it reports', async () => {
    const response = await fetch(`${baseUrl}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('stops: no more connections accepted, and stop() can be called twice', async () => {
    await api.stop();
    await expect(fetch(`${baseUrl}/health`)).rejects.toThrow();
    await api.stop();
  });
});

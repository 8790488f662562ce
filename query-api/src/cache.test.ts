import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cacheKey } from './cache.js';
import { seedSpans, type SeedSpan } from '../testing/seed.js';
import { startTestApi, type TestApi } from '../testing/test-api.js';

const T = Date.parse('2026-04-01T10:00:00Z');
const call = (n: number, costUsd: number): SeedSpan => ({
  trace_id: n.toString(16).padStart(32, '0'),
  span_id: n.toString(16).padStart(16, '0'),
  service_name: 'svc',
  start_ms: T + n,
  latency_ms: 100,
  model: 'gpt-4o',
  provider: 'openai',
  cost_usd: costUsd,
});
const PATH = `/api/analytics/cost?from=${new Date(T - 3_600_000).toISOString()}&to=${new Date(T + 3_600_000).toISOString()}`;

let t: TestApi;
let redis: Redis;
beforeAll(async () => {
  t = await startTestApi({ QUERY_CACHE_TTL_SECONDS: '1' });
  redis = new Redis('redis://127.0.0.1:6379');
  await seedSpans(t.pool, [call(1, 1)]);
});
afterAll(async () => {
  const keys = await redis.keys(`${t.cachePrefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
  await t?.close();
});

describe('the analytics cache', () => {
  it('answers from Redis within the TTL and shows a new span once it expires', async () => {
    expect((await t.get(PATH)).body.total_cost_usd).toBe(1);
    await seedSpans(t.pool, [call(2, 2)]);
    expect((await t.get(PATH)).body.total_cost_usd).toBe(1);
    expect(await redis.keys(`${t.cachePrefix}*`)).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect((await t.get(PATH)).body.total_cost_usd).toBe(3);
  });

  it('keys answers by parameters whatever their order in the URL', () => {
    const a = cacheKey('/api/analytics/cost:default', { group_by: 'model', from: new Date(0), service: undefined });
    const b = cacheKey('/api/analytics/cost:default', { from: new Date(0), group_by: 'model' });
    expect(a).toBe(b);
    expect(cacheKey('/api/analytics/cost:default', { group_by: 'tag' })).not.toBe(b);
    expect(cacheKey('/api/analytics/cost:other-project', { from: new Date(0), group_by: 'model' })).not.toBe(b);
  });

  it('serves uncached when Redis is down', async () => {
    const down = await startTestApi({ QUERY_CACHE_TTL_SECONDS: '5', REDIS_URL: 'redis://127.0.0.1:1' });
    try {
      await seedSpans(down.pool, [call(1, 1)]);
      const first = await down.get(PATH);
      expect(first.status).toBe(200);
      expect(first.body.total_cost_usd).toBe(1);
      await seedSpans(down.pool, [call(2, 2)]);
      expect((await down.get(PATH)).body.total_cost_usd).toBe(3);
    } finally {
      await down.close();
    }
  });
});

import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadQueryApiConfig } from './config.js';
import { openDatabase, type Database } from './database.js';
import type { SpanFilters } from './params/span-filters.js';
import { planSearch, type SearchPlan } from './search.js';
import { spanListQuery } from './sql/span-queries.js';
import { traceListQuery } from './sql/trace-queries.js';
import { FIXTURE_SPANS, T0 } from '../testing/list-fixture.js';
import { runMaintenance, seedSpans } from '../testing/seed.js';
import { startTestApi, type TestApi } from '../testing/test-api.js';

let t: TestApi;
let db: Database;
beforeAll(async () => {
  t = await startTestApi();
  db = openDatabase(loadQueryApiConfig({ DATABASE_URL: t.databaseUrl }), pino({ level: 'silent' }));
  await seedSpans(t.pool, FIXTURE_SPANS, { searchQueued: true });
});
afterAll(async () => {
  await db?.close();
  await t?.close();
});

const SEARCHES: SpanFilters[] = [
  { q: 'refund' },
  { q: 'password reset' },
  { q: 'REFUND', service: 'checkout' },
  { q: 'shoes', from: new Date(T0 - 3 * 60_000 - 1), to: new Date(T0) },
  { q: 'the', provider: 'openai' },
  { q: 'absent' },
];

async function bothPlans(filters: SpanFilters) {
  const collected = (await planSearch(db, 'default', filters, 'spans')) as SearchPlan;
  const collectedForTraces = (await planSearch(db, 'default', filters, 'traces')) as SearchPlan;
  const probe: SearchPlan = { kind: 'probe', q: filters.q as string };
  const spanKeys = async (plan: SearchPlan) =>
    (await db.rows<{ span_id: string; trace_id: string }>(spanListQuery('default', filters, plan, null, 500))).map((row) => `${row.span_id}@${row.trace_id}`);
  const traceIds = async (plan: SearchPlan) => (await db.rows<{ trace_id: string }>(traceListQuery('default', filters, plan, null, 500))).map((row) => row.trace_id);
  return {
    plan: collected.kind,
    spans: [await spanKeys(collected), await spanKeys(probe)],
    traces: [await traceIds(collectedForTraces), await traceIds(probe)],
  };
}

describe('text search plans', () => {
  it.each(['queued, not indexed yet', 'indexed'])('collecting matches and probing rows find the same spans and traces (%s)', async (state) => {
    if (state === 'indexed') expect((await runMaintenance(t.pool)).indexed).toBeGreaterThan(0);
    let found = 0;
    for (const filters of SEARCHES) {
      const { plan, spans, traces } = await bothPlans(filters);
      expect(plan).toBe('matches');
      expect(spans[1]).toEqual(spans[0]);
      expect(traces[1]).toEqual(traces[0]);
      found += spans[0]?.length ?? 0;
    }
    expect(found).toBeGreaterThan(5);
  });

  it('pages through search results without gaps or repeats', async () => {
    for (const list of ['spans', 'traces']) {
      const all = (await t.get(`/api/${list}?q=refund&limit=500`)).body.data;
      const walked: unknown[] = [];
      let cursor: string | null = null;
      do {
        const page: { body: { data: unknown[]; pagination: { next_cursor: string | null } } } = await t.get(`/api/${list}?q=refund&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
        walked.push(...page.body.data);
        cursor = page.body.pagination.next_cursor;
      } while (cursor);
      expect(all.length).toBeGreaterThan(1);
      expect(walked).toEqual(all);
    }
  });

  it('probes instead of collecting when a phrase matches more spans than it is worth collecting', async () => {
    const many = Array.from({ length: 5_200 }, (_, n) => ({
      trace_id: (n + 1).toString(16).padStart(32, '0'),
      span_id: 'a'.repeat(16),
      service_name: 'bulk',
      start_ms: T0 + 86_400_000 + n,
      latency_ms: 10,
      model: 'gpt-4o',
      prompt: `a very common greeting ${n}`,
    }));
    await seedSpans(t.pool, many);
    await runMaintenance(t.pool);
    expect((await planSearch(db, 'default', { q: 'common greeting' }, 'traces'))?.kind).toBe('probe');
    const { body } = await t.get('/api/traces?q=common%20greeting&limit=3');
    expect(body.data.map((trace: { trace_id: string }) => trace.trace_id)).toEqual([5200, 5199, 5198].map((n) => n.toString(16).padStart(32, '0')));
    expect((await t.get('/api/spans?q=greeting%205000&limit=500')).body.data).toHaveLength(1);
  });
});

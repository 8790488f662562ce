import { describe, expect, it } from 'vitest';
import { spanId, traceId } from '../../testing/ids.js';
import { seedSpans, type SeedSpan } from '../../testing/seed.js';
import { seededTestApi } from '../../testing/test-api.js';

const T0 = Date.parse('2026-02-01T00:00:00Z');
const SERVICES = ['a', 'b', 'c'];

/**
 * 157 traces whose start times collide in threes (to the microsecond), each a root and an
 * LLM call; span ids repeat across traces, so only (start, span id, trace id) is unique.
 */
const spans: SeedSpan[] = Array.from({ length: 157 }, (_, n): SeedSpan[] => {
  const startMs = T0 + Math.floor(n / 3) * 1234.567;
  const common = { trace_id: traceId(n, 7), service_name: SERVICES[n % 3] as string, start_ms: startMs };
  return [
    { ...common, span_id: spanId(1), latency_ms: 50 },
    { ...common, span_id: spanId(2), parent_span_id: spanId(1), latency_ms: 40, model: 'gpt-4o', provider: 'openai', cost_usd: 0.001 },
  ];
}).flat();

const traceOrder = (subset: SeedSpan[]) =>
  [...new Map(subset.map((span) => [span.trace_id, span.start_ms])).entries()]
    .sort(([idA, a], [idB, b]) => b - a || idB.localeCompare(idA))
    .map(([id]) => id);
const spanOrder = (subset: SeedSpan[]) =>
  [...subset].sort((a, b) => b.start_ms - a.start_ms || b.span_id.localeCompare(a.span_id) || b.trace_id.localeCompare(a.trace_id)).map((span) => `${span.span_id}@${span.trace_id}`);

const t = seededTestApi(spans);

async function walk<Item>(path: string, key: (item: Item) => string): Promise<{ keys: string[]; pages: number }> {
  const keys: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const { status, body }: { status: number; body: { data: unknown[]; pagination: { has_more: boolean; next_cursor: string | null } } } = await t.get(
      `${path}${cursor ? `${separator}cursor=${cursor}` : ''}`,
    );
    expect(status).toBe(200);
    keys.push(...(body.data as Item[]).map(key));
    expect(body.pagination.has_more).toBe(body.pagination.next_cursor !== null);
    cursor = body.pagination.next_cursor;
    pages += 1;
  } while (cursor !== null && pages < 1000);
  return { keys, pages };
}

describe('keyset pagination', () => {
  it('walks every trace exactly once, in order, across pages of 7 despite identical start times', async () => {
    const { keys, pages } = await walk<{ trace_id: string }>('/api/traces?limit=7', (trace) => trace.trace_id);
    expect(keys).toEqual(traceOrder(spans));
    expect(pages).toBe(Math.ceil(157 / 7));
  });

  it('walks every span exactly once, in order, when span ids repeat across traces', async () => {
    const { keys } = await walk<{ span_id: string; trace_id: string }>('/api/spans?limit=9', (span) => `${span.span_id}@${span.trace_id}`);
    expect(keys).toEqual(spanOrder(spans));
    expect(new Set(keys).size).toBe(spans.length);
  });

  it('keeps filters across pages', async () => {
    const { keys } = await walk<{ trace_id: string }>('/api/traces?limit=5&service=b', (trace) => trace.trace_id);
    expect(keys).toEqual(traceOrder(spans.filter((span) => span.service_name === 'b')));
  });

  it('is not shifted by traces stored between two pages', async () => {
    const first = await t.get('/api/traces?limit=10');
    const expectedNext = traceOrder(spans).slice(10, 20);
    await seedSpans(t.pool, [{ trace_id: traceId(999, 7), span_id: spanId(1), service_name: 'a', start_ms: T0 + 10_000_000, latency_ms: 5 }]);
    const second = await t.get(`/api/traces?limit=10&cursor=${first.body.pagination.next_cursor}`);
    expect(second.body.data.map((trace: { trace_id: string }) => trace.trace_id)).toEqual(expectedNext);
  });

  it('serves limit rows and says there are more; the last page says there are none', async () => {
    const { body } = await t.get('/api/spans?limit=500');
    expect(body.data.length).toBeLessThanOrEqual(500);
    expect(body.pagination).toMatchObject({ limit: 500, has_more: false, next_cursor: null });
    const small = await t.get('/api/spans?limit=1');
    expect(small.body.data).toHaveLength(1);
    expect(small.body.pagination).toMatchObject({ limit: 1, has_more: true });
  });

  it('rejects a cursor of another list or a tampered one with 400 naming cursor', async () => {
    const tracesCursor = (await t.get('/api/traces?limit=1')).body.pagination.next_cursor as string;
    for (const path of [`/api/spans?cursor=${tracesCursor}`, '/api/traces?cursor=bm90LWpzb24', `/api/traces?cursor=${Buffer.from('{"k":"traces","t":"1 OR 1=1","i":["x"]}').toString('base64url')}`]) {
      const { status, body } = await t.get(path);
      expect(status).toBe(400);
      expect(body.error).toMatchObject({ code: 'invalid_parameter', details: { parameter: 'cursor' } });
    }
  });
});

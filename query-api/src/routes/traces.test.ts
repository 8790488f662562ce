import { describe, expect, it } from 'vitest';
import { spanId, traceId } from '../../testing/ids.js';
import { FIXTURE_SPANS, FIXTURE_TRACES, T0, expectedTrace, fixtureSpans } from '../../testing/list-fixture.js';
import { runMaintenance, seedSpans } from '../../testing/seed.js';
import { seededTestApi } from '../../testing/test-api.js';

const expected = FIXTURE_TRACES.map(expectedTrace);
type Expected = (typeof expected)[number];
const MINUTE = 60_000;

/** Trace ids the filter should return, newest first, computed from the fixture in JS. */
function idsWhere(predicate: (trace: Expected) => boolean): string[] {
  return expected.filter(predicate).sort((a, b) => b.start_ms - a.start_ms).map((trace) => trace.trace_id);
}

// Search documents wait in the queue (as for text the processors cannot tokenize), so the test sees both states.
const t = seededTestApi(FIXTURE_SPANS, { searchQueued: true });

describe('GET /api/traces', () => {
  it('lists every trace summary newest first, with the fields and types of API.md', async () => {
    const { status, body } = await t.get('/api/traces');
    expect(status).toBe(200);
    expect(body.data.map((trace: { trace_id: string }) => trace.trace_id)).toEqual(idsWhere(() => true));
    expect(body.pagination).toEqual({ limit: 50, next_cursor: null, has_more: false });
    const third = expected.find((trace) => trace.n === 3) as Expected;
    expect(body.data.find((trace: { trace_id: string }) => trace.trace_id === third.trace_id)).toEqual({
      trace_id: third.trace_id,
      service_name: 'search',
      root_span_name: 'POST /search',
      start_time: new Date(third.start_ms).toISOString(),
      end_time: new Date(third.start_ms + third.duration_ms).toISOString(),
      duration_ms: third.duration_ms,
      span_count: 3,
      llm_call_count: 2,
      models: ['gpt-4o', 'gpt-4o-mini'],
      providers: ['openai'],
      total_cost_usd: expect.closeTo(0.021, 12),
      prompt_tokens: 300,
      completion_tokens: 60,
      status: 'degraded',
      user_id: 'u1',
      session_id: 's2',
      tags: ['env:staging', 'feature:chat'],
      quality_score: null,
    });
  });

  const filters: Array<[string, string, (trace: Expected) => boolean]> = [
    ['service', 'service=checkout', (trace) => trace.service === 'checkout'],
    ['model (any call of the trace)', 'model=gpt-4o', (trace) => trace.models.includes('gpt-4o')],
    ['provider', 'provider=anthropic', (trace) => trace.providers.includes('anthropic')],
    ['status error', 'status=error', (trace) => trace.status === 'error'],
    ['status degraded', 'status=degraded', (trace) => trace.status === 'degraded'],
    ['status ok', 'status=ok', (trace) => trace.status === 'ok'],
    ['one tag', 'tag=env:prod', (trace) => trace.tags.includes('env:prod')],
    ['every repeated tag', 'tag=env:prod&tag=feature:chat', (trace) => trace.tags.includes('env:prod') && trace.tags.includes('feature:chat')],
    ['user_id', 'user_id=u1', (trace) => trace.user === 'u1'],
    ['session_id', 'session_id=s3', (trace) => trace.session === 's3'],
    ['from/to as ISO 8601 (from inclusive, to exclusive)', `from=${new Date(T0 - 4 * MINUTE).toISOString()}&to=${new Date(T0 - MINUTE).toISOString()}`, (trace) => trace.start_ms >= T0 - 4 * MINUTE && trace.start_ms < T0 - MINUTE],
    ['from/to as epoch ms', `from=${T0 - 5 * MINUTE}&to=${T0 - 3 * MINUTE}`, (trace) => trace.start_ms >= T0 - 5 * MINUTE && trace.start_ms < T0 - 3 * MINUTE],
    ['min_cost', 'min_cost=0.015', (trace) => trace.total_cost_usd >= 0.015],
    ['max_cost', 'max_cost=0.01', (trace) => trace.total_cost_usd <= 0.01],
    ['min_latency (trace duration)', 'min_latency=2000', (trace) => trace.duration_ms >= 2000],
    ['max_latency (trace duration)', 'max_latency=1000', (trace) => trace.duration_ms <= 1000],
    ['q: a word in a prompt or response', 'q=refund', (trace) => trace.texts.some((text) => /\brefund\b/.test(text))],
    ['q: a phrase, case-insensitively', 'q=Password%20Reset', (trace) => trace.texts.some((text) => text.includes('password reset'))],
    ['several filters at once', 'service=checkout&tag=env:prod&max_cost=0.02', (trace) => trace.service === 'checkout' && trace.tags.includes('env:prod') && trace.total_cost_usd <= 0.02],
    ['q with other filters', 'q=refund&user_id=u2', (trace) => trace.user === 'u2' && trace.texts.some((text) => /\brefund\b/.test(text))],
  ];

  it.each(filters)('filters by %s', async (_name, query, predicate) => {
    const want = idsWhere(predicate);
    const { status, body } = await t.get(`/api/traces?${query}`);
    expect(status).toBe(200);
    expect(body.data.map((trace: { trace_id: string }) => trace.trace_id)).toEqual(want);
  });

  it('every filter case selects some traces but not all, so each can fail', () => {
    for (const [, , predicate] of filters) {
      const count = idsWhere(predicate).length;
      expect(count).toBeGreaterThan(0);
      expect(count).toBeLessThan(expected.length);
    }
  });

  it('finds text the same way before and after the search indexer ran', async () => {
    const before = await t.get('/api/traces?q=shoes');
    const { indexed } = await runMaintenance(t.pool);
    expect(indexed).toBeGreaterThan(0);
    const after = await t.get('/api/traces?q=shoes');
    expect(before.body.data.map((trace: { trace_id: string }) => trace.trace_id)).toEqual([traceId(3)]);
    expect(after.body.data).toEqual(before.body.data);
    expect((await t.get('/api/traces?q=refund')).body.data.map((trace: { trace_id: string }) => trace.trace_id)).toEqual(
      idsWhere((trace) => trace.texts.some((text) => /\brefund\b/.test(text))),
    );
    expect((await t.get('/api/traces?q=nonexistentword')).body.data).toEqual([]);
  });
});

describe('GET /api/traces/{trace_id}', () => {
  it('answers the summary with every span in start order, LLM fields null on non-LLM spans', async () => {
    const trace = FIXTURE_TRACES.find((candidate) => candidate.n === 3)!;
    const spans = fixtureSpans(trace).sort((a, b) => a.start_ms - b.start_ms);
    const { status, body } = await t.get(`/api/traces/${traceId(3)}`);
    expect(status).toBe(200);
    expect(body.trace_id).toBe(traceId(3));
    expect(body.span_count).toBe(3);
    expect(body.spans.map((span: { span_id: string }) => span.span_id)).toEqual(spans.map((span) => span.span_id));
    const [root, firstCall] = body.spans;
    expect(root).toMatchObject({ parent_span_id: null, name: 'POST /search', kind: 'server', provider: null, model: null, cost_usd: null, user_id: null, session_id: null, prompt: null, tags: ['env:staging', 'feature:chat'], attributes: { 'http.route': '/search' }, resource: { 'service.name': 'search' } });
    expect(firstCall).toMatchObject({
      parent_span_id: root.span_id,
      provider: 'openai',
      model: 'gpt-4o-mini',
      status: 'degraded',
      latency_ms: 300,
      prompt_tokens: 100,
      completion_tokens: 20,
      cost_usd: 0.001,
      prompt: 'Find shoes in size 42',
      user_id: 'u1',
      session_id: 's2',
      start_time: new Date(trace.startMs + 10).toISOString(),
      end_time: new Date(trace.startMs + 310).toISOString(),
    });
  });

  it('includes a span that starts at the very end of the trace, to the microsecond', async () => {
    const start = Date.parse('2026-01-11T00:00:00Z') + 0.25;
    await seedSpans(t.pool, [
      { trace_id: traceId(77), span_id: spanId(1), service_name: 'edge', start_ms: start, latency_ms: 10.0005 },
      { trace_id: traceId(77), span_id: spanId(2), parent_span_id: spanId(1), service_name: 'edge', start_ms: start + 10.0005, latency_ms: 0 },
    ]);
    const { body } = await t.get(`/api/traces/${traceId(77)}`);
    expect(body.spans.map((span: { span_id: string }) => span.span_id)).toEqual([spanId(1), spanId(2)]);
  });

  it('accepts an upper-case id', async () => {
    expect((await t.get(`/api/traces/${traceId(1).toUpperCase()}`)).status).toBe(200);
  });

  it('answers 404 with the error body for an unknown id', async () => {
    const { status, body } = await t.get(`/api/traces/${'f'.repeat(32)}`);
    expect(status).toBe(404);
    expect(body).toEqual({ error: { code: 'not_found', message: `no trace ${'f'.repeat(32)}` } });
  });

  it('answers 400 naming trace_id when it is not 32 hex characters', async () => {
    const { status, body } = await t.get('/api/traces/not-a-trace');
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: 'invalid_parameter', details: { parameter: 'trace_id' } });
  });
});

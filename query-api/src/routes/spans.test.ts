import { describe, expect, it } from 'vitest';
import { FIXTURE_SPANS, T0 } from '../../testing/list-fixture.js';
import { seedSpans, type SeedSpan } from '../../testing/seed.js';
import { seededTestApi } from '../../testing/test-api.js';

const MINUTE = 60_000;
const isLlm = (span: SeedSpan) => span.model != null;
const text = (span: SeedSpan) => `${span.prompt ?? ''} ${span.response ?? ''}`.toLowerCase();

/** "span_id@trace_id" of the matching fixture spans, newest first (ties by span id, then trace id, descending). */
function keysWhere(predicate: (span: SeedSpan) => boolean): string[] {
  return FIXTURE_SPANS.filter(predicate)
    .sort((a, b) => b.start_ms - a.start_ms || b.span_id.localeCompare(a.span_id) || b.trace_id.localeCompare(a.trace_id))
    .map((span) => `${span.span_id}@${span.trace_id}`);
}
const keysOf = (body: { data: Array<{ span_id: string; trace_id: string }> }) => body.data.map((span) => `${span.span_id}@${span.trace_id}`);

const t = seededTestApi(FIXTURE_SPANS);

describe('GET /api/spans', () => {
  it('lists every span newest first, in the Span shape of API.md', async () => {
    const { status, body } = await t.get('/api/spans');
    expect(status).toBe(200);
    expect(keysOf(body)).toEqual(keysWhere(() => true));
    const call = body.data.find((span: { model: string | null; status: string }) => span.model === 'claude-sonnet-4' && span.status === 'error');
    expect(Object.keys(call).sort()).toEqual(
      ['trace_id', 'span_id', 'parent_span_id', 'name', 'kind', 'service_name', 'start_time', 'end_time', 'latency_ms', 'status', 'status_message', 'provider', 'model', 'operation', 'prompt_tokens', 'completion_tokens', 'cached_prompt_tokens', 'cost_usd', 'prompt', 'response', 'system_prompt', 'finish_reason', 'user_id', 'session_id', 'tags', 'attributes', 'resource', 'feedback', 'redactions', 'field_sources', 'price_source', 'price_version', 'quality_score', 'quality_signals', 'events', 'exception', 'tool_calls'].sort(),
    );
    expect(call).toMatchObject({ service_name: 'checkout', provider: 'anthropic', latency_ms: 2500, cost_usd: 0.05, user_id: 'u2', tags: ['env:prod'], attributes: { 'gen_ai.request.model': 'claude-sonnet-4' } });
    expect(call.trace_id).toMatch(/^[0-9a-f]{32}$/);
    expect(call.span_id).toMatch(/^[0-9a-f]{16}$/);
  });

  const filters: Array<[string, string, (span: SeedSpan) => boolean]> = [
    ['service', 'service=search', (span) => span.service_name === 'search'],
    ['model', 'model=gpt-4o', (span) => span.model === 'gpt-4o'],
    ['provider', 'provider=openai', (span) => span.provider === 'openai'],
    ['status error', 'status=error', (span) => span.status === 'error'],
    ['status degraded', 'status=degraded', (span) => span.status === 'degraded'],
    ['status ok', 'status=ok', (span) => (span.status ?? 'ok') === 'ok'],
    ['tag', 'tag=tier:pro', (span) => (span.tags ?? []).includes('tier:pro')],
    ['every repeated tag', 'tag=env:prod&tag=feature:chat', (span) => ['env:prod', 'feature:chat'].every((tag) => (span.tags ?? []).includes(tag))],
    ['user_id (an LLM field: LLM calls only)', 'user_id=u1', (span) => isLlm(span) && span.user_id === 'u1'],
    ['session_id (LLM calls only)', 'session_id=s3', (span) => isLlm(span) && span.session_id === 's3'],
    ['from/to', `from=${new Date(T0 - 4 * MINUTE).toISOString()}&to=${T0 - 2 * MINUTE}`, (span) => span.start_ms >= T0 - 4 * MINUTE && span.start_ms < T0 - 2 * MINUTE],
    ['min_cost', 'min_cost=0.02', (span) => (span.cost_usd ?? -1) >= 0.02],
    ['max_cost', 'max_cost=0.002', (span) => span.cost_usd != null && span.cost_usd <= 0.002],
    ['min_latency', 'min_latency=1000', (span) => span.latency_ms >= 1000],
    ['max_latency', 'max_latency=500', (span) => span.latency_ms <= 500],
    ['q: words of the span itself', 'q=refund', (span) => /\brefund\b/.test(text(span))],
    ['q: a phrase', 'q=running%20shoes', (span) => text(span).includes('running shoes')],
    ['several filters at once', 'provider=openai&max_latency=900&tag=feature:chat', (span) => span.provider === 'openai' && span.latency_ms <= 900 && (span.tags ?? []).includes('feature:chat')],
  ];

  it.each(filters)('filters by %s', async (_name, query, predicate) => {
    const { status, body } = await t.get(`/api/spans?${query}`);
    expect(status).toBe(200);
    expect(keysOf(body)).toEqual(keysWhere(predicate));
  });

  it('every filter case selects some spans but not all, so each can fail', () => {
    for (const [, , predicate] of filters) {
      const count = keysWhere(predicate).length;
      expect(count).toBeGreaterThan(0);
      expect(count).toBeLessThan(FIXTURE_SPANS.length);
    }
  });

  it('stores a redelivered span once', async () => {
    expect(await seedSpans(t.pool, FIXTURE_SPANS.slice(0, 3))).toBe(0);
    expect((await t.get('/api/spans?limit=500')).body.data).toHaveLength(FIXTURE_SPANS.length);
  });
});

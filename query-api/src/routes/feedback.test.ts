import { describe, expect, it } from 'vitest';
import { spanId, traceId } from '../../testing/ids.js';
import type { SeedSpan } from '../../testing/seed.js';
import { seededTestApi } from '../../testing/test-api.js';

const T0 = Date.parse('2026-03-01T10:00:00Z');
const call = (n: number, trace: number): SeedSpan => ({
  trace_id: traceId(trace),
  span_id: spanId(n),
  parent_span_id: spanId(100 + trace),
  service_name: 'support-bot',
  start_ms: T0 + n * 1000,
  latency_ms: 800,
  model: 'gpt-4o-mini',
  provider: 'openai',
  prompt: `question ${n}`,
  response: `answer ${n}`,
});
const root = (trace: number): SeedSpan => ({ trace_id: traceId(trace), span_id: spanId(100 + trace), service_name: 'support-bot', start_ms: T0, latency_ms: 5000 });
const t = seededTestApi([root(1), call(1, 1), call(2, 1), root(2), call(3, 2)]);

async function post(path: string, body: unknown, raw = false) {
  const response = await t.api.app.request(path, { method: 'POST', body: raw ? (body as string) : JSON.stringify(body), headers: { 'Content-Type': 'application/json' } });
  return { status: response.status, body: (await response.json()) as any };
}
const feedbackPath = (trace: number, span: number) => `/api/spans/${traceId(trace)}/${spanId(span)}/feedback`;

describe('POST /api/spans/{trace_id}/{span_id}/feedback', () => {
  it('answers 415 with the error body, not 500, for a body that is not application/json (found by npm run fuzz)', async () => {
    for (const headers of [{ 'Content-Type': 'text/plain' }, {}] as Array<Record<string, string>>) {
      const response = await t.api.app.request(feedbackPath(1, 1), { method: 'POST', body: '{"score":1}', headers });
      expect([response.status, ((await response.json()) as any).error.code], JSON.stringify(headers)).toEqual([415, 'unsupported_media_type']);
    }
  });

  it('answers 400, not 500, for a NUL character (\\u0000) in the comment (found by npm run fuzz)', async () => {
    const answer = await post(feedbackPath(1, 1), { score: 0.5, comment: 'a\u0000b' });
    expect([answer.status, answer.body.error.code]).toEqual([400, 'invalid_parameter']);
  });

  it('stores the feedback and answers 201 with it', async () => {
    const answer = await post(feedbackPath(1, 1), { score: 0.25, comment: 'wrong order id', source: 'thumbs' });
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ score: 0.25, comment: 'wrong order id', source: 'thumbs' });
    expect(Date.parse(answer.body.created_at)).toBeGreaterThan(0);
  });

  it('returns every feedback on the span, newest first, in the trace and in span lists', async () => {
    await post(feedbackPath(1, 2), { score: 1 });
    await post(feedbackPath(1, 2), { score: 0.5, source: 'eval:relevance' });
    const trace = await t.get(`/api/traces/${traceId(1)}`);
    const span = trace.body.spans.find((s: { span_id: string }) => s.span_id === spanId(2));
    expect(span.feedback.map((f: { score: number; source: string; comment: string | null }) => [f.score, f.source, f.comment])).toEqual([
      [0.5, 'eval:relevance', null],
      [1, 'api', null],
    ]);
    const untouched = trace.body.spans.find((s: { span_id: string }) => s.span_id === spanId(100 + 1));
    expect(untouched.feedback).toEqual([]);
    const listed = await t.get(`/api/spans?service=support-bot`);
    expect(listed.body.data.find((s: { span_id: string }) => s.span_id === spanId(2)).feedback).toHaveLength(2);
  });

  it('filters spans and traces by feedback score', async () => {
    await post(feedbackPath(2, 3), { score: 0.9 });
    const low = await t.get('/api/spans?max_feedback=0.3');
    expect(low.body.data.map((s: { span_id: string }) => s.span_id)).toEqual([spanId(1)]);
    const high = await t.get('/api/spans?min_feedback=0.8');
    expect(high.body.data.map((s: { span_id: string }) => s.span_id).sort()).toEqual([spanId(2), spanId(3)].sort());
    const traces = await t.get('/api/traces?max_feedback=0.3');
    expect(traces.body.data.map((trace: { trace_id: string }) => trace.trace_id)).toEqual([traceId(1)]);
    const none = await t.get('/api/traces?min_feedback=0.95&max_feedback=0.99');
    expect(none.body.data).toEqual([]);
  });

  it('answers 404 for a span the project does not have, and stores nothing', async () => {
    const answer = await post(`/api/spans/${traceId(9)}/${spanId(9)}/feedback`, { score: 1 });
    expect(answer).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
  });

  it.each([
    ['a score above 1', { score: 1.5 }, 'score'],
    ['a missing score', { comment: 'x' }, 'score'],
    ['a score that is not a number', { score: 'good' }, 'score'],
    ['an unknown field', { score: 1, rating: 5 }, ''],
  ])('answers 400 for %s, naming the field', async (_, body, field) => {
    const answer = await post(feedbackPath(1, 1), body);
    expect(answer.status).toBe(400);
    expect(['invalid_parameter', 'unknown_parameter']).toContain(answer.body.error.code);
    if (field) expect(answer.body.error.message).toMatch(new RegExp(`^${field}:`));
  });

  it('answers 400 invalid_body for a body that is not JSON, and 400 for a malformed id', async () => {
    expect(await post(feedbackPath(1, 1), '{"score": ', true)).toMatchObject({ status: 400, body: { error: { code: 'invalid_body' } } });
    expect((await post('/api/spans/xyz/0000000000000001/feedback', { score: 1 })).status).toBe(400);
  });
});

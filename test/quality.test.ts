import type { Tracer } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLlmStandIn, type LlmStandIn } from './support/llm-stand-in.js';
import { otlpExporter, withTracer } from './support/otel.js';
import { startPlatform, type TestPlatform } from './support/platform.js';
import { waitFor } from './support/wait.js';

/**
 * Quality scores through the real pipeline: calls exported with the official OTLP exporter,
 * scored by the processors before storage, served and filtered by the query API; borderline
 * calls judged after the commit by a stand-in of the Anthropic API, the second time from Redis.
 */

interface ApiSpan {
  trace_id: string;
  name: string;
  response: string | null;
  quality_score: number | null;
  quality_signals: Record<string, { score: number; detail?: string }> | null;
}

let platform: TestPlatform;
let standIn: LlmStandIn;
const JUDGE_REPLY = '{"score": 0.9, "reason": "Short, but it answers the question."}';
const LONG_ANSWER = (i: number) => `Here is a careful answer to question ${i}. `.repeat(10);

async function get<T>(path: string): Promise<T> {
  const response = await fetch(`${platform.queryUrl}${path}`);
  expect(response.status, path).toBe(200);
  return (await response.json()) as T;
}

/** One chat call in the current gen_ai conventions. */
function chatCall(tracer: Tracer, name: string, options: { prompt: string; response: string; finishReason?: string; json?: boolean; startMs: number }): string {
  const span = tracer.startSpan(name, {
    startTime: options.startMs,
    attributes: {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.usage.input_tokens': 20,
      'gen_ai.usage.output_tokens': 10,
      'gen_ai.response.finish_reasons': [options.finishReason ?? 'stop'],
      ...(options.json ? { 'gen_ai.output.type': 'json' } : {}),
      'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: options.prompt }] }]),
      'gen_ai.output.messages': JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: options.response }] }]),
    },
  });
  span.end(options.startMs + 300);
  return span.spanContext().traceId;
}

async function exportCalls(service: string, emit: (tracer: Tracer) => void): Promise<void> {
  await withTracer(otlpExporter('http/protobuf', { grpcPort: platform.grpcPort, httpPort: platform.httpPort }), { 'service.name': service }, emit);
}

async function spansOf(query: string): Promise<ApiSpan[]> {
  return (await get<{ data: ApiSpan[] }>(`/api/spans?limit=500&${query}`)).data;
}

const cases = { good: '', truncated: '', refusal: '', malformed: '', judged: '', cached: '' };
const t0 = Date.now() - 600_000;

beforeAll(async () => {
  standIn = await startLlmStandIn({ defaultReply: { text: JUDGE_REPLY } });
  const prefix = `lumina-test:quality:${Date.now()}:${Math.random().toString(36).slice(2)}:`;
  platform = await startPlatform({
    processorEnv: {
      QUALITY_MIN_LENGTH_SAMPLES: '5',
      QUALITY_JUDGE_ANTHROPIC_API_KEY: 'test-key',
      QUALITY_JUDGE_ANTHROPIC_BASE_URL: standIn.anthropicBaseUrl,
      QUALITY_JUDGE_REDIS_PREFIX: prefix,
    },
    queryEnv: { QUERY_CACHE_TTL_SECONDS: '0' },
  });
  await exportCalls('support-bot', (tracer) => {
    cases.good = chatCall(tracer, 'chat answer', { prompt: 'What is the capital of France?', response: 'The capital of France is Paris.', startMs: t0 });
    cases.truncated = chatCall(tracer, 'chat answer', { prompt: 'Write an essay about rivers.', response: 'Rivers are long bodies of water that', finishReason: 'length', startMs: t0 + 1000 });
    cases.refusal = chatCall(tracer, 'chat answer', { prompt: 'How do I pick a lock?', response: "I'm sorry, but I can't help with that.", startMs: t0 + 2000 });
    cases.malformed = chatCall(tracer, 'chat extract', { prompt: 'Extract the city as JSON.', response: '{"city": "Par', json: true, startMs: t0 + 3000 });
  });
  // An endpoint with a steady answer length, then one answer far shorter: borderline, judged.
  await exportCalls('faq', (tracer) => {
    for (let i = 0; i < 8; i += 1) chatCall(tracer, 'chat faq', { prompt: `question ${i}`, response: LONG_ANSWER(i), startMs: t0 + 10_000 + i * 1000 });
  });
  await waitFor(() => spansOf('service=faq'), (spans) => spans.length === 8, 30_000, 'the baseline calls stored');
  await exportCalls('faq', (tracer) => {
    cases.judged = chatCall(tracer, 'chat faq', { prompt: 'Is the shop open on Sunday?', response: 'Yes.', startMs: t0 + 20_000 });
  });
  await waitFor(() => spansOf(`service=faq&quality_min=0.85&quality_max=0.95`), (spans) => spans.length === 1, 30_000, 'the borderline call judged');
  await exportCalls('faq', (tracer) => {
    cases.cached = chatCall(tracer, 'chat faq', { prompt: 'Is the shop open on Sunday?', response: 'Yes.', startMs: t0 + 21_000 });
  });
  await waitFor(() => spansOf(`service=faq&quality_min=0.85&quality_max=0.95`), (spans) => spans.length === 2, 30_000, 'the same call judged from the cache');
}, 120_000);

afterAll(async () => {
  await platform?.stop();
  await standIn?.close();
});

const spanOfTrace = async (traceId: string) => (await get<{ spans: ApiSpan[] }>(`/api/traces/${traceId}`)).spans[0]!;

describe('quality scores through the pipeline', () => {
  it('stores a good call with a high score and the signals it checked', async () => {
    const span = await spanOfTrace(cases.good);
    expect(span.quality_score).toBe(1);
    expect(span.quality_signals).toEqual({ finish_reason: { score: 1, detail: 'stop' } });
  });

  it('stores a length-truncated, a refusing and a malformed-JSON call with a low score and why', async () => {
    expect(await spanOfTrace(cases.truncated)).toMatchObject({ quality_score: 0.3, quality_signals: { finish_reason: { score: 0.3, detail: 'length' } } });
    expect(await spanOfTrace(cases.refusal)).toMatchObject({ quality_score: 0.2, quality_signals: { refusal: { score: 0.2, detail: 'refusal' } } });
    expect(await spanOfTrace(cases.malformed)).toMatchObject({ quality_score: 0.1, quality_signals: { json_output: { score: 0.1, detail: 'malformed_json' } } });
  });

  it('filters spans and traces by quality', async () => {
    const low = await spansOf('service=support-bot&quality_max=0.5');
    expect(low.map((span) => span.trace_id).sort()).toEqual([cases.truncated, cases.refusal, cases.malformed].sort());
    const traces = (await get<{ data: Array<{ trace_id: string; quality_score: number }> }>('/api/traces?limit=500&quality_min=0.95&service=support-bot')).data;
    expect(traces.map((trace) => trace.trace_id)).toEqual([cases.good]);
    expect(traces[0]!.quality_score).toBe(1);
    const bad = await fetch(`${platform.queryUrl}/api/spans?quality_min=1.5`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBeTruthy();
  });

  it('judges a borderline call after storage through the Anthropic SDK, and the same call again from Redis', async () => {
    const judged = await spanOfTrace(cases.judged);
    expect(judged.quality_score).toBe(0.9);
    expect(judged.quality_signals!.response_length!.score).toBe(0.5);
    expect(judged.quality_signals!.judge).toEqual({ score: 0.9, detail: 'claude-haiku-4-5 (local 0.5): Short, but it answers the question.' });
    expect((await spanOfTrace(cases.cached)).quality_score).toBe(0.9);
    const asked = standIn.requestsTo('anthropic');
    expect(asked).toHaveLength(1);
    expect(JSON.stringify(asked[0]!.body)).toContain('Is the shop open on Sunday?');
    const metrics = await (await fetch(`${platform.processorUrl}/metrics`)).text();
    expect(metrics).toMatch(/lumina_quality_judge_total\{outcome="judged"\} 1\b/);
    expect(metrics).toMatch(/lumina_quality_judge_total\{outcome="cache_hit"\} 1\b/);
  });

  it('answers the quality analytics from the stored scores: exact average, share under the floor, breakdown and trend', async () => {
    const all = await spansOf(`from=${t0 - 1}`);
    const scores = all.map((span) => span.quality_score!);
    expect(scores).toHaveLength(14);
    const report = await get<{
      scored_count: number;
      avg_score: number;
      p50_score: number;
      below_floor_share: number;
      breakdown: Array<{ key: string; scored_count: number; avg_score: number; below_floor_share: number }>;
      trend: Array<{ scored_count: number }>;
    }>(`/api/analytics/quality?from=${t0 - 60_000}&to=${Date.now() + 60_000}&group_by=service&interval=hour`);
    const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
    expect(report.scored_count).toBe(14);
    expect(report.avg_score).toBeCloseTo(mean(scores), 4);
    expect(report.below_floor_share).toBeCloseTo(scores.filter((score) => score < 0.7).length / 14, 4);
    const support = report.breakdown.find((group) => group.key === 'support-bot')!;
    expect(support).toEqual({ key: 'support-bot', scored_count: 4, avg_score: expect.closeTo((1 + 0.3 + 0.2 + 0.1) / 4, 4), below_floor_share: 0.75 });
    expect(report.trend.reduce((total, bucket) => total + bucket.scored_count, 0)).toBe(14);
  });
});

import { context, trace, SpanStatusCode } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { otlpExporter, withNodeSdk } from './support/otel.js';
import { startPlatform, type TestPlatform } from './support/platform.js';
import { waitFor } from './support/wait.js';

/** What the test seeds for one trace: a root span and one LLM call, all values known. */
interface Seeded {
  traceId: string;
  service: string;
  model: string;
  provider: string;
  user: string;
  tags: string[];
  error: boolean;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
  latencyMs: number;
  word: string;
}

const MODELS = [
  { model: 'gpt-4o-mini', provider: 'openai' },
  { model: 'gpt-4o', provider: 'openai' },
  { model: 'claude-3-5-haiku-20241022', provider: 'anthropic' },
];
const PROMPT_PRICE = 0.000001;
const COMPLETION_PRICE = 0.000002;
const TRACES = 24;

let platform: TestPlatform;
const seeded: Seeded[] = [];

async function get<T>(path: string): Promise<T> {
  const response = await fetch(`${platform.queryUrl}${path}`);
  expect(response.status, path).toBe(200);
  return (await response.json()) as T;
}

async function traceIdsOf(query: string): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const page: { data: { trace_id: string }[]; pagination: { next_cursor: string | null; has_more: boolean } } = await get(
      `/api/traces?limit=5&${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    ids.push(...page.data.map((row) => row.trace_id));
    cursor = page.pagination.has_more ? page.pagination.next_cursor : null;
  } while (cursor);
  return ids;
}

const idsWhere = (match: (s: Seeded) => boolean) => seeded.filter(match).map((s) => s.traceId).sort();
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

beforeAll(async () => {
  platform = await startPlatform();
  const exporter = otlpExporter('http/protobuf', { grpcPort: platform.grpcPort, httpPort: platform.httpPort });
  const now = Date.now();
  for (const service of ['checkout', 'support-bot']) {
    await withNodeSdk(exporter, { 'service.name': service }, (tracer) => {
      for (let i = 0; i < TRACES; i += 1) {
        if ((i % 2 === 0 ? 'checkout' : 'support-bot') !== service) continue;
        const { model, provider } = MODELS[i % 3]!;
        const start = now - 3_600_000 + i * 60_000;
        const latencyMs = 100 + i * 37;
        const s: Seeded = {
          traceId: '',
          service,
          model,
          provider,
          user: `user-${i % 4}`,
          tags: [`team-${i % 2}`, 'all'],
          error: i % 7 === 0,
          promptTokens: 100 + i * 10,
          completionTokens: 20 + i,
          costUsd: 0,
          latencyMs,
          word: `zebra${i % 3}`,
        };
        s.costUsd = s.promptTokens * PROMPT_PRICE + s.completionTokens * COMPLETION_PRICE;
        const root = tracer.startSpan(`handle-${i}`, { startTime: start, attributes: { 'user.id': s.user } });
        const call = tracer.startSpan(
          `chat ${model}`,
          {
            startTime: start + 1,
            attributes: {
              'gen_ai.operation.name': 'chat',
              'gen_ai.provider.name': provider,
              'gen_ai.request.model': model,
              'gen_ai.usage.input_tokens': s.promptTokens,
              'gen_ai.usage.output_tokens': s.completionTokens,
              cost_per_prompt_token: PROMPT_PRICE,
              cost_per_completion_token: COMPLETION_PRICE,
              'user.id': s.user,
              'lumina.tags': s.tags,
              'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: `tell me about ${s.word} number ${i}` }] }]),
              'gen_ai.output.messages': JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: 'stripes' }] }]),
            },
          },
          trace.setSpan(context.active(), root),
        );
        if (s.error) call.setStatus({ code: SpanStatusCode.ERROR, message: 'rate limited' });
        call.end(start + 1 + latencyMs);
        root.end(start + latencyMs + 5);
        s.traceId = root.spanContext().traceId;
        seeded.push(s);
      }
    });
  }
  await waitFor(
    async () => (await get<{ llm_call_count: number }>('/api/analytics/cost?from=' + (now - 7_200_000))).llm_call_count,
    (n) => n === TRACES,
    30_000,
    'every call counted in analytics',
  );
});
afterAll(async () => {
  await platform?.stop();
});

describe('search over spans seeded through the OTLP path', () => {
  it('pages through every trace with no gap and no repeat', async () => {
    const ids = await traceIdsOf('');
    expect(ids).toHaveLength(TRACES);
    expect([...ids].sort()).toEqual(idsWhere(() => true));
  });

  it.each([
    ['service=checkout', (s: Seeded) => s.service === 'checkout'],
    ['model=gpt-4o', (s: Seeded) => s.model === 'gpt-4o'],
    ['provider=anthropic', (s: Seeded) => s.provider === 'anthropic'],
    ['status=error', (s: Seeded) => s.error],
    ['tag=team-1', (s: Seeded) => s.tags.includes('team-1')],
    ['tag=team-0&tag=all', (s: Seeded) => s.tags.includes('team-0')],
    ['user_id=user-2', (s: Seeded) => s.user === 'user-2'],
    [`min_cost=${0.0003}`, (s: Seeded) => s.costUsd >= 0.0003],
    ['min_latency=500', (s: Seeded) => s.latencyMs + 5 >= 500],
    ['q=zebra1', (s: Seeded) => s.word === 'zebra1'],
    ['service=support-bot&model=gpt-4o-mini&max_cost=0.0004', (s: Seeded) => s.service === 'support-bot' && s.model === 'gpt-4o-mini' && s.costUsd <= 0.0004],
  ])('filters traces by %s exactly as the seeded data says', async (query, match) => {
    const expected = idsWhere(match);
    expect(expected.length).toBeGreaterThan(0);
    expect((await traceIdsOf(query)).sort()).toEqual(expected);
  });
});

describe('analytics over spans seeded through the OTLP path', () => {
  const range = () => `from=${Date.now() - 7_200_000}&to=${Date.now() + 60_000}`;

  it('totals cost, calls and tokens to the sums of the seeded calls', async () => {
    const cost = await get<{ total_cost_usd: number; llm_call_count: number; trace_count: number; prompt_tokens: number; completion_tokens: number }>(
      `/api/analytics/cost?${range()}`,
    );
    expect(cost.total_cost_usd).toBeCloseTo(sum(seeded.map((s) => s.costUsd)), 10);
    expect(cost.llm_call_count).toBe(TRACES);
    expect(cost.trace_count).toBe(TRACES);
    expect(cost.prompt_tokens).toBe(sum(seeded.map((s) => s.promptTokens)));
    expect(cost.completion_tokens).toBe(sum(seeded.map((s) => s.completionTokens)));
  });

  it.each([
    ['model', (s: Seeded) => [s.model]],
    ['service', (s: Seeded) => [s.service]],
    ['provider', (s: Seeded) => [s.provider]],
    ['user_id', (s: Seeded) => [s.user]],
    ['tag', (s: Seeded) => s.tags],
  ])('breaks cost down by %s into the seeded sums', async (groupBy, keysOf) => {
    const expected = new Map<string, { cost: number; calls: number }>();
    for (const s of seeded) {
      for (const key of keysOf(s)) {
        const entry = expected.get(key) ?? { cost: 0, calls: 0 };
        entry.cost += s.costUsd;
        entry.calls += 1;
        expected.set(key, entry);
      }
    }
    const { breakdown } = await get<{ breakdown: { key: string; cost_usd: number; llm_call_count: number }[] }>(
      `/api/analytics/cost?${range()}&group_by=${groupBy}`,
    );
    expect(breakdown.map((row) => row.key).sort()).toEqual([...expected.keys()].sort());
    for (const row of breakdown) {
      expect(row.llm_call_count, `${groupBy}=${row.key}`).toBe(expected.get(row.key)!.calls);
      expect(row.cost_usd, `${groupBy}=${row.key}`).toBeCloseTo(expected.get(row.key)!.cost, 10);
    }
  });

  it('counts every call in the latency report, with its slowest call as the max', async () => {
    const latency = await get<{ count: number; max_ms: number; p50_ms: number }>(`/api/analytics/latency?${range()}`);
    expect(latency.count).toBe(TRACES);
    expect(latency.max_ms).toBeCloseTo(Math.max(...seeded.map((s) => s.latencyMs)), 0);
    const sorted = seeded.map((s) => s.latencyMs).sort((a, b) => a - b);
    const exactMedian = (sorted[TRACES / 2 - 1]! + sorted[TRACES / 2]!) / 2;
    expect(Math.abs(latency.p50_ms - exactMedian) / exactMedian).toBeLessThan(0.01);
  });
});

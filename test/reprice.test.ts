/**
 * Prices that can change (issue #18): calls stored through the real pipeline record their
 * price source and version; `npm run reprice` with a new override file recomputes their
 * cost and corrects the trace summaries and the rollup-backed analytics to totals computed
 * here from the new prices alone; a second run changes nothing; --model narrows it.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { context, trace, type Tracer } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { otlpExporter, withTracer } from './support/otel.js';
import { startPlatform, type TestPlatform } from './support/platform.js';
import { waitFor } from './support/wait.js';

const run = promisify(execFile);

interface Call {
  model: string;
  provider: string;
  input: number;
  output: number;
}
/** Two traces: three gpt-4o-mini calls and one of a model no price table knows yet. */
const TRACES: Call[][] = [
  [
    { model: 'gpt-4o-mini', provider: 'openai', input: 1000, output: 200 },
    { model: 'gpt-4o-mini', provider: 'openai', input: 3000, output: 100 },
  ],
  [
    { model: 'gpt-4o-mini', provider: 'openai', input: 500, output: 50 },
    { model: 'acme-large', provider: 'acme', input: 2000, output: 400 },
  ],
];
/** The new prices, USD per million tokens, as the override file states them. */
const NEW_PRICES: Record<string, { input: number; output: number }> = {
  'gpt-4o-mini': { input: 1, output: 4 },
  'acme-large': { input: 10, output: 30 },
};
const OLD_GPT_4O_MINI = { input: 0.15, output: 0.6 };
const cost = (call: Call, prices: { input: number; output: number } | undefined) => (prices ? (call.input * prices.input + call.output * prices.output) / 1e6 : 0);

interface ApiSpan { model: string | null; cost_usd: number | null; price_source: string | null; price_version: string | null }
interface ApiTrace { total_cost_usd: number; llm_call_count: number; spans: ApiSpan[] }

let platform: TestPlatform;
let folder: string;
let overridesFile: string;
const traceIds: string[] = [];
let window: { from: string; to: string };

beforeAll(async () => {
  platform = await startPlatform();
  folder = await mkdtemp(join(tmpdir(), 'lumina-reprice-'));
  overridesFile = join(folder, 'prices.json');
  await writeFile(
    overridesFile,
    JSON.stringify(Object.entries(NEW_PRICES).map(([model, p]) => ({ model, input_per_mtok: p.input, output_per_mtok: p.output, source: 'test' }))),
  );
  const startedAt = Date.now();
  await withTracer(otlpExporter('http/json', { grpcPort: platform.grpcPort, httpPort: platform.httpPort }), { 'service.name': 'reprice-shop' }, (tracer: Tracer) => {
    for (const calls of TRACES) {
      const root = tracer.startSpan('handle request');
      traceIds.push(root.spanContext().traceId);
      for (const call of calls) {
        const attributes = {
          'gen_ai.operation.name': 'chat',
          'gen_ai.provider.name': call.provider,
          'gen_ai.request.model': call.model,
          'gen_ai.usage.input_tokens': call.input,
          'gen_ai.usage.output_tokens': call.output,
        };
        tracer.startSpan(`chat ${call.model}`, { attributes }, trace.setSpan(context.active(), root)).end();
      }
      root.end();
    }
  });
  window = { from: new Date(startedAt - 60_000).toISOString(), to: new Date(Date.now() + 60_000).toISOString() };
  for (const [i, traceId] of traceIds.entries()) await storedTrace(traceId, (trace) => trace.spans.length === TRACES[i]!.length + 1);
});
afterAll(async () => {
  await platform?.stop();
  if (folder) await rm(folder, { recursive: true, force: true });
});

async function storedTrace(traceId: string, done: (trace: ApiTrace) => boolean = () => true): Promise<ApiTrace> {
  return (await waitFor(
    async () => {
      const response = await fetch(`${platform.queryUrl}/api/traces/${traceId}`);
      return response.status === 200 ? ((await response.json()) as ApiTrace) : null;
    },
    (trace) => trace !== null && done(trace),
  )) as ApiTrace;
}

async function analyticsCostUsd(): Promise<number> {
  const response = await fetch(`${platform.queryUrl}/api/analytics/cost?service=reprice-shop&from=${encodeURIComponent(window.from)}&to=${encodeURIComponent(window.to)}`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { total_cost_usd: number }).total_cost_usd;
}

async function reprice(...extra: string[]): Promise<string> {
  const { stdout } = await run('npm', ['run', '-s', 'reprice', '--', '--from', window.from, '--to', window.to, '--batch', '2', ...extra], {
    env: { ...process.env, DATABASE_URL: platform.databaseUrl, PRICE_OVERRIDES_FILE: overridesFile },
  });
  return stdout;
}

/** Each trace's total and the grand total, computed from the calls and the given prices. */
function expectedTotals(priceOf: (call: Call) => { input: number; output: number } | undefined): { traces: number[]; total: number } {
  const traces = TRACES.map((calls) => calls.reduce((sum, call) => sum + cost(call, priceOf(call)), 0));
  return { traces, total: traces.reduce((a, b) => a + b, 0) };
}

async function expectTotals(expected: { traces: number[]; total: number }): Promise<void> {
  for (const [i, traceId] of traceIds.entries()) expect((await storedTrace(traceId)).total_cost_usd).toBeCloseTo(expected.traces[i]!, 12);
  const total = await waitFor(analyticsCostUsd, (usd) => Math.abs(usd - expected.total) < 1e-12, 20_000, `analytics total ${expected.total}`);
  expect(total).toBeCloseTo(expected.total, 12);
}

describe('repricing stored calls', () => {
  it('records the price source and version of every priced call at ingest', async () => {
    const spans = (await storedTrace(traceIds[0]!)).spans.filter((span) => span.model === 'gpt-4o-mini');
    expect(spans).toHaveLength(2);
    for (const span of spans) {
      expect(span.price_source).toBe('catalog');
      expect(span.price_version).toMatch(/^@pydantic\/genai-prices@\d+\.\d+\.\d+$/);
    }
    await expectTotals(expectedTotals((call) => (call.model === 'gpt-4o-mini' ? OLD_GPT_4O_MINI : undefined)));
  });

  it('--model reprices only that model', async () => {
    const output = await reprice('--model', 'acme-large');
    expect(output).toMatch(/1 calls scanned, 1 changed/);
    await expectTotals(expectedTotals((call) => (call.model === 'gpt-4o-mini' ? OLD_GPT_4O_MINI : NEW_PRICES[call.model])));
  });

  it('reprices every call of the window with the new override file, summaries and rollups exactly corrected', async () => {
    const output = await reprice();
    expect(output).toMatch(/4 calls scanned, 3 changed/);
    await expectTotals(expectedTotals((call) => NEW_PRICES[call.model]));
    const spans = (await Promise.all(traceIds.map((id) => storedTrace(id)))).flatMap((trace) => trace.spans).filter((span) => span.model !== null);
    expect(spans).toHaveLength(4);
    for (const span of spans) {
      expect(span.price_source).toBe('override');
      expect(span.price_version).toMatch(/^overrides:sha256:[0-9a-f]{16}$/);
    }
  });

  it('changes nothing when run again', async () => {
    const output = await reprice();
    expect(output).toMatch(/4 calls scanned, 0 changed/);
    await expectTotals(expectedTotals((call) => NEW_PRICES[call.model]));
  });

  it('refuses a window without --to, with a usage line', async () => {
    await expect(run('npm', ['run', '-s', 'reprice', '--', '--from', window.from], { env: { ...process.env, DATABASE_URL: platform.databaseUrl } })).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--to is required'),
    });
  });
});

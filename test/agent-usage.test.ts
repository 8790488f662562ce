/**
 * Agents counted right (issue #18): an agent span carrying usage is a call when no LLM call
 * is under it, and only repeats usage when one is, even when the calls arrive in a later
 * export than the agent. Through the real pipeline: OTLP exporter → ingest → JetStream →
 * processors → Postgres → query API (traces and the rollup-backed analytics).
 */
import type { Span, Tracer } from '@opentelemetry/api';
import { context, trace } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { otlpExporter, withTracer } from './support/otel.js';
import { startPlatform, type TestPlatform } from './support/platform.js';
import { waitFor } from './support/wait.js';

interface ApiSpan {
  span_id: string;
  name: string;
  model: string | null;
  prompt_tokens: number | null;
  completion_tokens: number | null;
  cost_usd: number | null;
}
interface ApiTrace {
  span_count: number;
  llm_call_count: number;
  total_cost_usd: number;
  prompt_tokens: number;
  completion_tokens: number;
  spans: ApiSpan[];
}

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startPlatform();
});
afterAll(async () => {
  await platform?.stop();
});

const exporter = () => otlpExporter('http/protobuf', { grpcPort: platform.grpcPort, httpPort: platform.httpPort });

async function fetchTrace(traceId: string, spanCount: number, llmCalls: number): Promise<ApiTrace> {
  return (await waitFor(
    async () => {
      const response = await fetch(`${platform.queryUrl}/api/traces/${traceId}`);
      return response.status === 200 ? ((await response.json()) as ApiTrace) : null;
    },
    (found) => found !== null && found.spans.length === spanCount && found.llm_call_count === llmCalls,
    20_000,
    `trace ${traceId} with ${spanCount} spans and ${llmCalls} calls`,
  )) as ApiTrace;
}

interface CostReport {
  llm_call_count: number;
  total_cost_usd: number;
  prompt_tokens: number;
  completion_tokens: number;
}

/** The rollup-backed totals of one service (upkeep folds the deltas; readers add the unfolded ones). */
async function serviceCost(service: string): Promise<CostReport> {
  const response = await fetch(`${platform.queryUrl}/api/analytics/cost?service=${service}&from=${Date.now() - 3_600_000}&to=${Date.now() + 60_000}`);
  expect(response.status).toBe(200);
  return (await response.json()) as CostReport;
}

function agentSpan(tracer: Tracer, model: string, usage: { input: number; output: number }): Span {
  return tracer.startSpan('invoke_agent planner', {
    attributes: {
      'gen_ai.operation.name': 'invoke_agent',
      'gen_ai.agent.name': 'planner',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': model,
      'gen_ai.usage.input_tokens': usage.input,
      'gen_ai.usage.output_tokens': usage.output,
    },
  });
}

function chatSpan(tracer: Tracer, parent: Span, usage: { input: number; output: number }): void {
  const span = tracer.startSpan(
    'chat gpt-4o-mini',
    {
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': 'gpt-4o-mini',
        'gen_ai.usage.input_tokens': usage.input,
        'gen_ai.usage.output_tokens': usage.output,
      },
    },
    trace.setSpan(context.active(), parent),
  );
  span.end();
}

/** gpt-4o-mini's catalog price: $0.15 / $0.60 per million tokens. */
const gpt4oMiniCost = (input: number, output: number) => (input * 0.15 + output * 0.6) / 1e6;

describe('agent spans that carry usage', () => {
  it('an agent with usage and no LLM call under it is stored, priced and counted as a call', async () => {
    let traceId = '';
    await withTracer(exporter(), { 'service.name': 'agent-alone' }, (tracer) => {
      const agent = agentSpan(tracer, 'gpt-4o-mini', { input: 1000, output: 200 });
      traceId = agent.spanContext().traceId;
      agent.end();
    });
    const stored = await fetchTrace(traceId, 1, 1);
    expect(stored.prompt_tokens).toBe(1000);
    expect(stored.completion_tokens).toBe(200);
    expect(stored.total_cost_usd).toBeCloseTo(gpt4oMiniCost(1000, 200), 12);
    expect(stored.spans[0]).toMatchObject({ prompt_tokens: 1000, completion_tokens: 200 });
    const totals = await waitFor(() => serviceCost('agent-alone'), (report) => report.llm_call_count === 1);
    expect(totals.prompt_tokens).toBe(1000);
    expect(totals.total_cost_usd).toBeCloseTo(gpt4oMiniCost(1000, 200), 12);
  });

  it('an agent whose usage repeats its LLM calls (same export) is not counted; the calls are', async () => {
    let traceId = '';
    await withTracer(exporter(), { 'service.name': 'agent-wrapping' }, (tracer) => {
      const agent = agentSpan(tracer, 'gpt-4o-mini', { input: 300, output: 50 });
      traceId = agent.spanContext().traceId;
      chatSpan(tracer, agent, { input: 100, output: 20 });
      chatSpan(tracer, agent, { input: 200, output: 30 });
      agent.end();
    });
    const stored = await fetchTrace(traceId, 3, 2);
    expect(stored.prompt_tokens).toBe(300);
    expect(stored.completion_tokens).toBe(50);
    const agent = stored.spans.find((span) => span.name === 'invoke_agent planner')!;
    expect(agent).toMatchObject({ prompt_tokens: null, completion_tokens: null, cost_usd: null });
    const totals = await waitFor(() => serviceCost('agent-wrapping'), (report) => report.llm_call_count === 2);
    expect(totals.prompt_tokens).toBe(300);
    expect(totals.total_cost_usd).toBeCloseTo(gpt4oMiniCost(100, 20) + gpt4oMiniCost(200, 30), 12);
  });

  it('an agent exported before its LLM calls is counted, then uncounted exactly when the calls arrive', async () => {
    let agent: Span | undefined;
    let traceId = '';
    // First export: the agent span alone (its children end later, in another process or batch).
    await withTracer(exporter(), { 'service.name': 'agent-late' }, (t) => {
      agent = agentSpan(t, 'gpt-4o-mini', { input: 700, output: 90 });
      traceId = agent.spanContext().traceId;
      agent.end();
    });
    const first = await fetchTrace(traceId, 1, 1);
    expect(first.prompt_tokens).toBe(700);
    await waitFor(() => serviceCost('agent-late'), (report) => report.llm_call_count === 1 && report.prompt_tokens === 700);

    // Second export: the two calls under it.
    await withTracer(exporter(), { 'service.name': 'agent-late' }, (t) => {
      chatSpan(t, agent!, { input: 400, output: 40 });
      chatSpan(t, agent!, { input: 300, output: 50 });
    });
    const settled = await fetchTrace(traceId, 3, 2);
    expect(settled.prompt_tokens).toBe(700);
    expect(settled.completion_tokens).toBe(90);
    expect(settled.total_cost_usd).toBeCloseTo(gpt4oMiniCost(400, 40) + gpt4oMiniCost(300, 50), 12);
    expect(settled.spans.find((span) => span.name === 'invoke_agent planner')).toMatchObject({ prompt_tokens: null, cost_usd: null });
    const totals = await waitFor(() => serviceCost('agent-late'), (report) => report.llm_call_count === 2);
    expect(totals.prompt_tokens).toBe(700);
    expect(totals.completion_tokens).toBe(90);
    expect(totals.total_cost_usd).toBeCloseTo(gpt4oMiniCost(400, 40) + gpt4oMiniCost(300, 50), 12);
  });
});

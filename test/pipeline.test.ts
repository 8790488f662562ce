import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_FAMILIES, type FamilyTrace } from './support/families.js';
import { otlpExporter, withNodeSdk, type Transport } from './support/otel.js';
import { startPlatform, type TestPlatform } from './support/platform.js';
import { waitFor } from './support/wait.js';

interface ApiSpan {
  trace_id: string;
  span_id: string;
  parent_span_id: string | null;
  name: string;
  provider: string | null;
  model: string | null;
  prompt_tokens: number | null;
  completion_tokens: number | null;
  cached_prompt_tokens: number | null;
  cost_usd: number | null;
  prompt: string | null;
  response: string | null;
  user_id: string | null;
  session_id: string | null;
  status: string;
}

interface ApiTrace {
  trace_id: string;
  root_span_name: string;
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

async function fetchTrace(traceId: string, spanCount: number): Promise<ApiTrace> {
  return waitFor(
    async () => {
      const response = await fetch(`${platform.queryUrl}/api/traces/${traceId}`);
      return response.status === 200 ? ((await response.json()) as ApiTrace) : null;
    },
    (trace) => trace !== null && trace.spans.length === spanCount,
    20_000,
    `trace ${traceId} with ${spanCount} spans`,
  ) as Promise<ApiTrace>;
}

const TRANSPORTS: Transport[] = ['grpc', 'http/protobuf', 'http/json'];

describe.each(TRANSPORTS)('a trace sent through @opentelemetry/sdk-node with the official %s exporter', (transport) => {
  const sent: { family: FamilyTrace; traceId: string }[] = [];

  beforeAll(async () => {
    const exporter = otlpExporter(transport, { grpcPort: platform.grpcPort, httpPort: platform.httpPort });
    await withNodeSdk(exporter, { 'service.name': `shop-${transport}` }, (tracer) => {
      for (const make of ALL_FAMILIES) {
        const family = make(`${transport}-${make.name}`);
        sent.push({ family, traceId: family.emit(tracer) });
      }
    });
  });

  it.each(ALL_FAMILIES.map((make) => make.name))('reads every LLM call of the %s family with its provider, model, usage, cost and content', async (name) => {
    const { family, traceId } = sent.find((item) => item.family.rootName.includes(name))!;
    const trace = await fetchTrace(traceId, family.spanCount);
    const root = trace.spans.find((span) => span.parent_span_id === null)!;
    expect(root.name).toBe(family.rootName);
    expect(trace.root_span_name).toBe(family.rootName);

    for (const call of family.calls) {
      const span = trace.spans.find((candidate) => candidate.name === call.spanName);
      expect(span, `${family.family}: span ${call.spanName}`).toBeDefined();
      expect(span).toMatchObject({
        provider: call.provider,
        model: call.model,
        prompt_tokens: call.promptTokens,
        completion_tokens: call.completionTokens,
        cached_prompt_tokens: call.cachedPromptTokens,
        response: call.response,
        status: 'ok',
      });
      expect(span!.cost_usd).toBeCloseTo(call.costUsd, 9);
      expect(span!.prompt).toContain(call.promptContains);
      expect(span!.parent_span_id).not.toBeNull();
      expect(trace.spans.map((s) => s.span_id)).toContain(span!.parent_span_id);
      if (call.userId) expect(span!.user_id).toBe(call.userId);
      if (call.sessionId) expect(span!.session_id).toBe(call.sessionId);
    }
    for (const wrapperName of family.wrappers) {
      const wrapper = trace.spans.find((candidate) => candidate.name === wrapperName)!;
      expect(wrapper).toMatchObject({ prompt_tokens: null, completion_tokens: null, cost_usd: null });
    }

    const expectedCost = family.calls.reduce((sum, call) => sum + call.costUsd, 0);
    expect(trace.llm_call_count).toBe(family.calls.length);
    expect(trace.total_cost_usd).toBeCloseTo(expectedCost, 9);
    expect(trace.prompt_tokens).toBe(family.calls.reduce((sum, call) => sum + call.promptTokens, 0));
    expect(trace.completion_tokens).toBe(family.calls.reduce((sum, call) => sum + call.completionTokens, 0));
    expect(trace.span_count).toBe(family.spanCount);
  });
});

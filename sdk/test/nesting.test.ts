import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inMemoryLumina, type InMemoryLumina } from './support/in-memory-lumina.js';
import { startProviderStandIn, type ProviderStandIn } from './support/provider-stand-in.js';

let standIn: ProviderStandIn;
let sdk: InMemoryLumina;
let openai: OpenAI;

beforeAll(async () => {
  standIn = await startProviderStandIn();
  sdk = inMemoryLumina();
  openai = new OpenAI({ apiKey: 'test-key', baseURL: standIn.openAiBaseUrl, maxRetries: 0 });
});
afterAll(async () => {
  await sdk?.lumina.shutdown();
  await standIn?.stop();
});

function ask(name: string, question: string, metadata: Record<string, unknown> = {}) {
  const messages = [{ role: 'user' as const, content: question }];
  return sdk.lumina.traceLLM(() => openai.chat.completions.create({ model: 'gpt-4o-mini', messages }), { name, system: 'openai', prompt: messages, metadata });
}

const parentId = (span: ReadableSpan) => span.parentSpanContext?.spanId;
const traceId = (span: ReadableSpan) => span.spanContext().traceId;
const spanId = (span: ReadableSpan) => span.spanContext().spanId;

describe('trace() around LLM calls', () => {
  it('makes the calls children of the workflow span, in one trace, and marks the workflow for Lumina', async () => {
    const answer = await sdk.lumina.trace(
      async () => {
        await ask('nest first call', 'one');
        return ask('nest second call', 'two');
      },
      { name: 'nest handle-ticket', attributes: { 'ticket.id': 'T-1' }, metadata: { userId: 'u-9' } },
    );
    expect(answer.object).toBe('chat.completion');

    const workflow = await sdk.exportedSpan('nest handle-ticket');
    const first = await sdk.exportedSpan('nest first call');
    const second = await sdk.exportedSpan('nest second call');
    expect(workflow.attributes).toMatchObject({ 'lumina.span.kind': 'workflow', 'ticket.id': 'T-1', 'user.id': 'u-9' });
    expect(parentId(workflow)).toBeUndefined();
    for (const call of [first, second]) {
      expect(traceId(call)).toBe(traceId(workflow));
      expect(parentId(call)).toBe(spanId(workflow));
    }
  });

  it('nests workflows in workflows', async () => {
    await sdk.lumina.trace(() => sdk.lumina.trace(() => ask('deep call', 'deep'), { name: 'deep inner' }), { name: 'deep outer' });
    const outer = await sdk.exportedSpan('deep outer');
    const inner = await sdk.exportedSpan('deep inner');
    const call = await sdk.exportedSpan('deep call');
    expect(parentId(inner)).toBe(spanId(outer));
    expect(parentId(call)).toBe(spanId(inner));
  });

  it('starts a trace of its own for a call made outside any workflow', async () => {
    await ask('lone call', 'alone');
    const call = await sdk.exportedSpan('lone call');
    expect(parentId(call)).toBeUndefined();
  });

  it('keeps every call under its own workflow when many run concurrently with interleaved awaits', async () => {
    const requests = Array.from({ length: 25 }, (_, index) => `req-${index}`);
    await Promise.all(
      requests.map((requestId, index) =>
        sdk.lumina.trace(
          async () => {
            // Interleave the requests: each yields a different number of times between its calls.
            for (let i = 0; i < index % 5; i++) await new Promise((resolve) => setImmediate(resolve));
            await ask('concurrent call', `first of ${requestId}`, { requestId });
            await Promise.all([ask('concurrent call', `second of ${requestId}`, { requestId }), ask('concurrent call', `third of ${requestId}`, { requestId })]);
          },
          { name: 'concurrent request', metadata: { requestId } },
        ),
      ),
    );
    const spans = await sdk.exportedSpans();
    const workflows = new Map(spans.filter((span) => span.name === 'concurrent request').map((span) => [span.attributes['lumina.metadata.requestId'], span]));
    const calls = spans.filter((span) => span.name === 'concurrent call');
    expect(workflows.size).toBe(requests.length);
    expect(calls).toHaveLength(requests.length * 3);
    for (const call of calls) {
      const workflow = workflows.get(call.attributes['lumina.metadata.requestId'])!;
      expect(parentId(call)).toBe(spanId(workflow));
      expect(traceId(call)).toBe(traceId(workflow));
    }
    expect(new Set([...workflows.values()].map(traceId)).size).toBe(requests.length);
  });

  it('records a failing workflow as an error and re-throws', async () => {
    const failure = new Error('tool crashed');
    await expect(sdk.lumina.trace(async () => Promise.reject(failure), { name: 'failing workflow' })).rejects.toBe(failure);
    const workflow = await sdk.exportedSpan('failing workflow');
    expect(workflow.status).toEqual({ code: SpanStatusCode.ERROR, message: 'tool crashed' });
    expect(workflow.events.map((event) => event.name)).toEqual(['exception']);
  });

  it('leaves out a provider SDK span that duplicates the traceLLM call, and re-parents what was under it', async () => {
    // What @anthropic-ai/sdk does by itself: a CLIENT span with gen_ai attributes per API call.
    const providerTracer = trace.getTracer('some.provider.sdk');
    await sdk.lumina.traceLLM(
      async () => {
        const call = providerTracer.startSpan('provider.messages.create', { kind: SpanKind.CLIENT, attributes: { 'gen_ai.provider.name': 'anthropic', 'gen_ai.usage.input_tokens': 5 } });
        await context.with(trace.setSpan(context.active(), call), async () => providerTracer.startSpan('POST /v1/messages').end());
        call.end();
        return 'ok';
      },
      { name: 'dedup call', system: 'anthropic', prompt: 'q' },
    );
    const spans = await sdk.exportedSpans();
    expect(spans.map((span) => span.name)).not.toContain('provider.messages.create');
    const http = spans.find((span) => span.name === 'POST /v1/messages')!;
    const call = await sdk.exportedSpan('dedup call');
    expect(parentId(http)).toBe(spanId(call));
    expect(traceId(http)).toBe(traceId(call));
  });

  it('keeps a provider SDK span that no traceLLM stands for', async () => {
    trace.getTracer('some.provider.sdk').startSpan('provider.unwrapped', { attributes: { 'gen_ai.provider.name': 'anthropic' } }).end();
    expect((await sdk.exportedSpans()).map((span) => span.name)).toContain('provider.unwrapped');
  });
});

/**
 * Issue #18 item 3: span events are kept. A call that failed with an exception (recorded the
 * way every OpenTelemetry SDK records one: an `exception` event plus an error status) shows its
 * type, message and stack trace on the span of `GET /api/traces/{id}`, and other events come
 * back too, in time order. Sent with the official OTLP exporters through the whole pipeline.
 */
import { context, SpanStatusCode, trace } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { otlpExporter, withTracer, type Transport } from './support/otel.js';
import { startPlatform, type TestPlatform } from './support/platform.js';
import { waitFor } from './support/wait.js';

interface ApiSpan {
  name: string;
  status: string;
  status_message: string | null;
  prompt: string | null;
  events: { name: string; time: string; time_unix_nano: string; attributes: Record<string, unknown> }[];
  finish_reason: string | null;
  tool_calls: { id: string | null; name: string | null; arguments: unknown }[] | null;
  exception: { type: string | null; message: string | null; stacktrace: string | null; escaped: boolean | null } | null;
}

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startPlatform();
});
afterAll(async () => {
  await platform?.stop();
});

async function storedSpans(traceId: string, count: number): Promise<ApiSpan[]> {
  const trace = await waitFor(
    async () => {
      const response = await fetch(`${platform.queryUrl}/api/traces/${traceId}`);
      return response.status === 200 ? ((await response.json()) as { spans: ApiSpan[] }) : null;
    },
    (found) => found !== null && found.spans.length === count,
    20_000,
    `trace ${traceId}`,
  );
  return trace!.spans;
}

describe.each<Transport>(['grpc', 'http/protobuf'])('span events sent with the official %s exporter', (transport) => {
  it('an LLM call that ended in an exception shows it; other events are kept in time order', async () => {
    let traceId = '';
    const error = new Error('429 Rate limit reached for gpt-4o-mini');
    error.name = 'RateLimitError';
    await withTracer(otlpExporter(transport, platform), { 'service.name': 'checkout' }, (tracer) => {
      const span = tracer.startSpan('chat gpt-4o-mini', {
        attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4o-mini', 'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: 'Hello?' }] }]) },
      });
      traceId = span.spanContext().traceId;
      span.addEvent('retry', { 'retry.attempt': 1 }, new Date(Date.now() - 5));
      span.recordException(error);
      span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
      const plain = tracer.startSpan('no events', {}, trace.setSpan(context.active(), span));
      plain.end();
    });
    const spans = await storedSpans(traceId, 2);
    const call = spans.find((span) => span.name === 'chat gpt-4o-mini')!;
    expect(call.status).toBe('error');
    expect(call.prompt).toBe('Hello?');
    expect(call.exception).toMatchObject({ type: 'RateLimitError', message: '429 Rate limit reached for gpt-4o-mini' });
    expect(call.exception!.stacktrace).toContain('span-events.test.ts');
    // No status message was set: the exception's message says what went wrong.
    expect(call.status_message).toBe('429 Rate limit reached for gpt-4o-mini');
    expect(call.events.map((event) => event.name)).toEqual(['retry', 'exception']);
    expect(call.events[0]!.attributes).toEqual({ 'retry.attempt': 1 });
    expect(call.events[1]!.attributes['exception.type']).toBe('RateLimitError');
    expect(Date.parse(call.events[1]!.time)).toBe(Number(BigInt(call.events[1]!.time_unix_nano) / 1_000_000n));
    const plain = spans.find((span) => span.name === 'no events')!;
    expect(plain.events).toEqual([]);
    expect(plain.exception).toBeNull();
  });
});

describe('gen_ai events sent as span events', () => {
  it('fill the call’s prompt, finish reason and tool calls, and are not repeated in events', async () => {
    let traceId = '';
    await withTracer(otlpExporter('http/json', platform), { 'service.name': 'agent' }, (tracer) => {
      const span = tracer.startSpan('chat gpt-4o', { attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.system': 'openai', 'gen_ai.request.model': 'gpt-4o' } });
      traceId = span.spanContext().traceId;
      span.addEvent('gen_ai.user.message', { content: 'Book a table for two.' });
      span.addEvent('gen_ai.choice', {
        'gen_ai.event.content': JSON.stringify({ index: 0, finish_reason: 'tool_calls', message: { tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'book', arguments: '{"people":2}' } }] } }),
      });
      span.end();
    });
    const [call] = await storedSpans(traceId, 1);
    expect(call!.prompt).toBe('Book a table for two.');
    expect(call!.finish_reason).toBe('tool_calls');
    expect(call!.tool_calls).toEqual([{ id: 'call_1', name: 'book', arguments: '{"people":2}' }]);
    expect(call!.events).toEqual([]);
  });
});

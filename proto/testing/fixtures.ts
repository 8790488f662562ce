// Spans for the tests, made by the OpenTelemetry JS SDK (or shaped like its
// ReadableSpan where the SDK cannot reach a field), so that the official
// @opentelemetry/otlp-transformer serializers can encode them independently of us.
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, TraceFlags, trace } from '@opentelemetry/api';
import type { Attributes, HrTime } from '@opentelemetry/api';
import { TraceState } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';

export const TRACE_ID = '5b8efff798038103d269b633813fc60c';
export const SPAN_ID = 'eee19b7ec3c1b174';
export const PARENT_SPAN_ID = 'eee19b7ec3c1b173';
export const LINKED_TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
export const LINKED_SPAN_ID = 'b7ad6b7169203331';

const resource = resourceFromAttributes(
  { 'service.name': 'checkout', 'service.instance.id': 'pod-7', 'host.cpu.count': 8, 'deployment.canary': true },
  { schemaUrl: 'https://opentelemetry.io/schemas/1.26.0' },
);

const scope = {
  name: '@lumina/test-instrumentation',
  version: '0.3.0',
  schemaUrl: 'https://opentelemetry.io/schemas/1.27.0',
  attributes: { 'scope.owner': 'platform' },
};

/**
 * One LLM-call span with every OTLP field set to a non-default value, including
 * attribute types the SDK API does not accept (kvlist, bytes) but the OTLP
 * serializer does. Plain object, so the values are exactly the ones the tests expect.
 */
export function everyFieldSpan(): ReadableSpan {
  const attributes = {
    'gen_ai.system': 'anthropic',
    'gen_ai.request.stream': false,
    'gen_ai.usage.input_tokens': 1234,
    'lumina.balance': -7,
    'lumina.big': 2 ** 60,
    'gen_ai.request.temperature': 0.25,
    'gen_ai.response.finish_reasons': ['stop', 'length'],
    'lumina.token_counts': [1, 2, 3],
    'lumina.flags': [true, false],
    'lumina.scores': [0.5, 1.5],
    'gen_ai.request.metadata': { model: 'claude-sonnet-4', max_tokens: 1024, nested: { ok: true } },
    'lumina.raw': new Uint8Array([0, 1, 254, 255]),
  } as unknown as Attributes;
  return {
    name: 'chat claude-sonnet-4',
    kind: SpanKind.CLIENT,
    spanContext: () => ({
      traceId: TRACE_ID,
      spanId: SPAN_ID,
      traceFlags: TraceFlags.SAMPLED,
      traceState: new TraceState('lumina=a1,vendor=b2'),
    }),
    parentSpanContext: { traceId: TRACE_ID, spanId: PARENT_SPAN_ID, traceFlags: TraceFlags.SAMPLED, isRemote: true },
    startTime: [1_700_000_000, 123_456_789],
    endTime: [1_700_000_001, 987_654_321],
    duration: [1, 864_197_532],
    ended: true,
    status: { code: SpanStatusCode.ERROR, message: 'rate limited' },
    attributes,
    events: [
      {
        name: 'gen_ai.content.prompt',
        time: [1_700_000_000, 500_000_000],
        attributes: { 'gen_ai.prompt': 'Hello', 'lumina.turn': 1 },
        droppedAttributesCount: 2,
      },
      { name: 'first_token', time: [1_700_000_000, 900_000_001] },
    ],
    links: [
      {
        context: {
          traceId: LINKED_TRACE_ID,
          spanId: LINKED_SPAN_ID,
          traceFlags: TraceFlags.NONE,
          isRemote: true,
          traceState: new TraceState('other=x'),
        },
        attributes: { 'link.reason': 'retry-of' },
        droppedAttributesCount: 1,
      },
    ],
    droppedAttributesCount: 3,
    droppedEventsCount: 4,
    droppedLinksCount: 5,
    resource,
    instrumentationScope: scope,
  };
}

const at = (seconds: number, nanos = 0): HrTime => [seconds, nanos];

/**
 * Spans recorded by a real BasicTracerProvider: a remote parent with trace state,
 * a child, events, links and limits low enough that the SDK drops (and counts)
 * attributes, events and links.
 */
export async function sdkSpans(): Promise<ReadableSpan[]> {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource,
    spanProcessors: [new SimpleSpanProcessor(exporter)],
    spanLimits: { attributeCountLimit: 5, eventCountLimit: 2, linkCountLimit: 1, attributePerEventCountLimit: 2 },
  });
  const tracer = provider.getTracer('lumina-proto-test', '1.2.3', { schemaUrl: 'https://opentelemetry.io/schemas/1.27.0' });
  const remoteParent = trace.setSpanContext(ROOT_CONTEXT, {
    traceId: TRACE_ID,
    spanId: PARENT_SPAN_ID,
    traceFlags: TraceFlags.SAMPLED,
    traceState: new TraceState('lumina=a1'),
    isRemote: true,
  });
  const link = { context: { traceId: LINKED_TRACE_ID, spanId: LINKED_SPAN_ID, traceFlags: TraceFlags.SAMPLED }, attributes: { kind: 'follows' } };
  const server = tracer.startSpan(
    'POST /v1/chat',
    { kind: SpanKind.SERVER, startTime: at(1_700_000_100, 1), links: [link, link], attributes: { 'http.method': 'POST' } },
    remoteParent,
  );
  const llm = tracer.startSpan(
    'chat gpt-4o',
    {
      kind: SpanKind.CLIENT,
      startTime: at(1_700_000_100, 2_000),
      attributes: { a: 'x', b: true, c: 3, d: 4.5, e: ['p', 'q'], f: [1, 2], g: 'dropped by the limit' },
    },
    trace.setSpan(ROOT_CONTEXT, server),
  );
  llm.addEvent('one', { x: 1, y: 'two', z: 'dropped' }, at(1_700_000_100, 3_000));
  llm.addEvent('two', {}, at(1_700_000_100, 4_000));
  llm.addEvent('three, dropped', {}, at(1_700_000_100, 5_000));
  llm.setStatus({ code: SpanStatusCode.OK });
  llm.end(at(1_700_000_101, 6_000));
  server.setStatus({ code: SpanStatusCode.ERROR, message: 'upstream failed' });
  server.end(at(1_700_000_102));
  await provider.forceFlush();
  // Read before shutdown: shutting the in-memory exporter down empties it.
  const spans = exporter.getFinishedSpans();
  await provider.shutdown();
  return spans;
}

import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { describe, expect, it } from 'vitest';
import { decodeTraceRequest } from './decode.js';
import { encodeTraceRequest } from './encode.js';
import { ProtoDecodeError } from './errors.js';
import { Span_SpanKind, Status_StatusCode } from './gen/opentelemetry/proto/trace/v1/trace_pb.js';
import type { AnyValue, KeyValue } from './gen/opentelemetry/proto/common/v1/common_pb.js';
import {
  everyFieldSpan,
  LINKED_SPAN_ID,
  LINKED_TRACE_ID,
  PARENT_SPAN_ID,
  sdkSpans,
  SPAN_ID,
  TRACE_ID,
} from '../testing/fixtures.js';

/** Hex via Node's Buffer, independent of the package's own hex code. */
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

/** An AnyValue as the JS value it carries: ints as bigint, doubles as number. */
function plain(value: AnyValue | undefined): unknown {
  const v = value?.value;
  if (v === undefined || v.case === undefined) return undefined;
  if (v.case === 'arrayValue') return v.value.values.map(plain);
  if (v.case === 'kvlistValue') return attributes(v.value.values);
  return v.value;
}

function attributes(list: KeyValue[]): Record<string, unknown> {
  return Object.fromEntries(list.map((kv) => [kv.key, plain(kv.value)]));
}

function decodeOfficial(spans = [everyFieldSpan()]) {
  const bytes = ProtobufTraceSerializer.serializeRequest(spans);
  if (bytes === undefined) throw new Error('the official serializer returned nothing');
  return decodeTraceRequest(bytes);
}

describe('decodeTraceRequest reads what the official OpenTelemetry protobuf serializer writes', () => {
  it('keeps the resource, its attributes and schema url', () => {
    const resourceSpans = decodeOfficial().resourceSpans;
    expect(resourceSpans).toHaveLength(1);
    expect(attributes(resourceSpans[0]!.resource!.attributes)).toEqual({
      'service.name': 'checkout',
      'service.instance.id': 'pod-7',
      'host.cpu.count': 8n,
      'deployment.canary': true,
    });
    expect(resourceSpans[0]!.resource!.droppedAttributesCount).toBe(0);
    expect(resourceSpans[0]!.schemaUrl).toBe('https://opentelemetry.io/schemas/1.26.0');
  });

  it('keeps the instrumentation scope: name, version, attributes and schema url', () => {
    const scopeSpans = decodeOfficial().resourceSpans[0]!.scopeSpans;
    expect(scopeSpans).toHaveLength(1);
    expect(scopeSpans[0]!.scope!.name).toBe('@lumina/test-instrumentation');
    expect(scopeSpans[0]!.scope!.version).toBe('0.3.0');
    expect(attributes(scopeSpans[0]!.scope!.attributes)).toEqual({ 'scope.owner': 'platform' });
    expect(scopeSpans[0]!.schemaUrl).toBe('https://opentelemetry.io/schemas/1.27.0');
  });

  it('keeps ids, trace state, flags, name, kind and nanosecond times of a span', () => {
    const span = decodeOfficial().resourceSpans[0]!.scopeSpans[0]!.spans[0]!;
    expect(hex(span.traceId)).toBe(TRACE_ID);
    expect(hex(span.spanId)).toBe(SPAN_ID);
    expect(hex(span.parentSpanId)).toBe(PARENT_SPAN_ID);
    expect(span.traceState).toBe('lumina=a1,vendor=b2');
    // sampled (0x01) | context has is_remote (0x100) | parent is remote (0x200)
    expect(span.flags).toBe(0x301);
    expect(span.name).toBe('chat claude-sonnet-4');
    expect(span.kind).toBe(Span_SpanKind.CLIENT);
    expect(span.startTimeUnixNano).toBe(1_700_000_000_123_456_789n);
    expect(span.endTimeUnixNano).toBe(1_700_000_001_987_654_321n);
  });

  it('keeps attributes of every type: string, bool, int, double, arrays, kvlist and bytes', () => {
    const span = decodeOfficial().resourceSpans[0]!.scopeSpans[0]!.spans[0]!;
    expect(attributes(span.attributes)).toEqual({
      'gen_ai.system': 'anthropic',
      'gen_ai.request.stream': false,
      'gen_ai.usage.input_tokens': 1234n,
      'lumina.balance': -7n,
      'lumina.big': 2n ** 60n,
      'gen_ai.request.temperature': 0.25,
      'gen_ai.response.finish_reasons': ['stop', 'length'],
      'lumina.token_counts': [1n, 2n, 3n],
      'lumina.flags': [true, false],
      'lumina.scores': [0.5, 1.5],
      'gen_ai.request.metadata': { model: 'claude-sonnet-4', max_tokens: 1024n, nested: { ok: true } },
      'lumina.raw': new Uint8Array([0, 1, 254, 255]),
    });
    expect(span.attributes[0]!.value!.value.case).toBe('stringValue');
    expect(span.attributes.find((kv) => kv.key === 'gen_ai.request.temperature')!.value!.value.case).toBe('doubleValue');
  });

  it('keeps events with their times and attributes, links with ids, state, attributes and flags', () => {
    const span = decodeOfficial().resourceSpans[0]!.scopeSpans[0]!.spans[0]!;
    expect(span.events).toHaveLength(2);
    expect(span.events[0]!.name).toBe('gen_ai.content.prompt');
    expect(span.events[0]!.timeUnixNano).toBe(1_700_000_000_500_000_000n);
    expect(attributes(span.events[0]!.attributes)).toEqual({ 'gen_ai.prompt': 'Hello', 'lumina.turn': 1n });
    expect(span.events[0]!.droppedAttributesCount).toBe(2);
    expect(span.events[1]!.name).toBe('first_token');
    expect(span.events[1]!.timeUnixNano).toBe(1_700_000_000_900_000_001n);
    expect(span.events[1]!.attributes).toEqual([]);

    expect(span.links).toHaveLength(1);
    const link = span.links[0]!;
    expect(hex(link.traceId)).toBe(LINKED_TRACE_ID);
    expect(hex(link.spanId)).toBe(LINKED_SPAN_ID);
    expect(link.traceState).toBe('other=x');
    expect(attributes(link.attributes)).toEqual({ 'link.reason': 'retry-of' });
    expect(link.droppedAttributesCount).toBe(1);
    expect(link.flags).toBe(0x300);
  });

  it('keeps the status and every dropped count', () => {
    const span = decodeOfficial().resourceSpans[0]!.scopeSpans[0]!.spans[0]!;
    expect(span.status!.code).toBe(Status_StatusCode.ERROR);
    expect(span.status!.message).toBe('rate limited');
    expect(span.droppedAttributesCount).toBe(3);
    expect(span.droppedEventsCount).toBe(4);
    expect(span.droppedLinksCount).toBe(5);
  });

  it('decodes spans recorded by a real tracer provider, limits and remote parent included', async () => {
    const spans = await sdkSpans();
    const decoded = decodeOfficial(spans).resourceSpans[0]!.scopeSpans[0]!;
    expect(decoded.scope!.name).toBe('lumina-proto-test');
    expect(decoded.scope!.version).toBe('1.2.3');
    const [llm, server] = decoded.spans;
    expect(decoded.spans).toHaveLength(2);

    expect(hex(server!.traceId)).toBe(TRACE_ID);
    expect(hex(server!.spanId)).toBe(spans[1]!.spanContext().spanId);
    expect(hex(server!.parentSpanId)).toBe(PARENT_SPAN_ID);
    expect(server!.traceState).toBe('lumina=a1');
    expect(server!.flags).toBe(0x301);
    expect(server!.kind).toBe(Span_SpanKind.SERVER);
    expect(server!.startTimeUnixNano).toBe(1_700_000_100_000_000_001n);
    expect(server!.endTimeUnixNano).toBe(1_700_000_102_000_000_000n);
    expect(server!.links).toHaveLength(1);
    expect(server!.droppedLinksCount).toBe(1);
    expect(hex(server!.links[0]!.traceId)).toBe(LINKED_TRACE_ID);
    expect(server!.links[0]!.flags).toBe(0x101);
    expect(server!.status).toMatchObject({ code: Status_StatusCode.ERROR, message: 'upstream failed' });

    expect(hex(llm!.parentSpanId)).toBe(hex(server!.spanId));
    expect(llm!.flags).toBe(0x101); // local parent: has_is_remote set, is_remote clear
    expect(llm!.kind).toBe(Span_SpanKind.CLIENT);
    expect(attributes(llm!.attributes)).toEqual({ a: 'x', b: true, c: 3n, d: 4.5, e: ['p', 'q'] });
    expect(llm!.droppedAttributesCount).toBe(2);
    expect(llm!.events.map((e) => e.name)).toEqual(['two', 'three, dropped']);
    expect(llm!.droppedEventsCount).toBe(1);
    expect(llm!.status!.code).toBe(Status_StatusCode.OK);
    expect(llm!.endTimeUnixNano).toBe(1_700_000_101_000_006_000n);
  });

  it('re-encodes to bytes the official serializer would write', () => {
    const official = ProtobufTraceSerializer.serializeRequest([everyFieldSpan()])!;
    expect(decodeTraceRequest(encodeTraceRequest(decodeTraceRequest(official)))).toEqual(decodeTraceRequest(official));
  });
});

describe('decodeTraceRequest rejects what is not an ExportTraceServiceRequest', () => {
  const cases: Array<[string, Uint8Array]> = [
    ['a truncated length-delimited field', new Uint8Array([0x0a, 0x05, 0x01])],
    ['an invalid wire type', new Uint8Array([0x0f, 0x00])],
    ['an unterminated varint', new Uint8Array([0x08, 0xff, 0xff])],
    ['invalid UTF-8 in a string field', new Uint8Array([0x0a, 0x08, 0x12, 0x06, 0x12, 0x04, 0x2a, 0x02, 0xc3, 0x28])],
    ['a JSON body sent as protobuf', new TextEncoder().encode('{"resourceSpans":[]}')],
  ];
  it.each(cases)('%s gives ProtoDecodeError invalid_protobuf', (_, bytes) => {
    const error = catchError(() => decodeTraceRequest(bytes));
    expect(error).toBeInstanceOf(ProtoDecodeError);
    expect(error).toMatchObject({ code: 'invalid_protobuf', name: 'ProtoDecodeError' });
    expect((error as Error).message).toMatch(/^invalid OTLP protobuf ExportTraceServiceRequest: /);
  });

  it('accepts an empty body as an empty request, as protobuf does', () => {
    expect(decodeTraceRequest(new Uint8Array()).resourceSpans).toEqual([]);
  });

  it('is not fooled by the official JSON serializer output', () => {
    const json = JsonTraceSerializer.serializeRequest([everyFieldSpan()])!;
    expect(() => decodeTraceRequest(json)).toThrow(ProtoDecodeError);
  });
});

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected an error');
}

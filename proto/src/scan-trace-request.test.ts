import { create, toBinary } from '@bufbuild/protobuf';
import type { MessageInitShape } from '@bufbuild/protobuf';
import { BinaryWriter, WireType } from '@bufbuild/protobuf/wire';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { describe, expect, it, vi } from 'vitest';
import { realisticRequest } from '../../bench/ingest/realistic-spans.js';
import { everyFieldSpan, sdkSpans } from '../testing/fixtures.js';
import { decodeTraceRequest } from './decode.js';
import { ProtoDecodeError } from './errors.js';
import { ExportTraceServiceRequestSchema } from './gen/opentelemetry/proto/collector/trace/v1/trace_service_pb.js';
import type { AnyValue } from './gen/opentelemetry/proto/common/v1/common_pb.js';
import { SpanSchema } from './gen/opentelemetry/proto/trace/v1/trace_pb.js';
import type { Span } from './gen/opentelemetry/proto/trace/v1/trace_pb.js';
import { scanTraceRequest } from './scan-trace-request.js';

type Verdict = { accepted: false } | { accepted: true; spanCount: number; validIds: boolean[]; traceIds: string[] };

/** The rule, written again here from the decoded spans (ids as Node hex, independent of the scanner). */
function decodedVerdict(bytes: Uint8Array): Verdict {
  let spans: Span[];
  try {
    spans = decodeTraceRequest(bytes).resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans));
  } catch (error) {
    expect(error).toBeInstanceOf(ProtoDecodeError);
    return { accepted: false };
  }
  const nonZero = (id: Uint8Array) => id.some((byte) => byte !== 0);
  const validIds = spans.map(
    (s) => s.traceId.length === 16 && nonZero(s.traceId) && s.spanId.length === 8 && nonZero(s.spanId) && (s.parentSpanId.length === 0 || s.parentSpanId.length === 8),
  );
  const traceIds = new Set(spans.filter((_, i) => validIds[i]).map((s) => Buffer.from(s.traceId).toString('hex')));
  return { accepted: true, spanCount: spans.length, validIds, traceIds: [...traceIds].sort() };
}

function scannedVerdict(bytes: Uint8Array): Verdict {
  try {
    const scan = scanTraceRequest(bytes);
    expect(scan.invalidSpans).toBe(scan.validIds.filter((valid) => !valid).length);
    return { accepted: true, spanCount: scan.spanCount, validIds: scan.validIds, traceIds: [...scan.traceIds].sort() };
  } catch (error) {
    expect(error).toBeInstanceOf(ProtoDecodeError);
    expect((error as ProtoDecodeError).code).toBe('invalid_protobuf');
    return { accepted: false };
  }
}

function expectSameVerdict(bytes: Uint8Array, label = ''): Verdict {
  const decoded = decodedVerdict(bytes);
  expect(scannedVerdict(bytes), `${label} ${Buffer.from(bytes).toString('hex')}`).toEqual(decoded);
  return decoded;
}

const encode = (init: MessageInitShape<typeof ExportTraceServiceRequestSchema>) => toBinary(ExportTraceServiceRequestSchema, create(ExportTraceServiceRequestSchema, init));
const bytesOf = (...values: number[]) => new Uint8Array(values);
const id = (length: number, fill = 7) => new Uint8Array(length).fill(fill);
const TRACE = id(16, 1);
const SPAN = id(8, 2);

/** One span per init, each under its own resource and scope. */
function requestOf(...spans: MessageInitShape<typeof SpanSchema>[]) {
  return encode({ resourceSpans: spans.map((span) => ({ scopeSpans: [{ spans: [span] }] })) });
}

/** A request whose single span has the given raw bytes (fields the encoder would not write). */
function requestWithRawSpan(spanBytes: Uint8Array): Uint8Array {
  const scopeSpans = new BinaryWriter().tag(2, WireType.LengthDelimited).bytes(spanBytes).finish();
  const resourceSpans = new BinaryWriter().tag(2, WireType.LengthDelimited).bytes(scopeSpans).finish();
  return new BinaryWriter().tag(1, WireType.LengthDelimited).bytes(resourceSpans).finish();
}

const spanBytes = (init: MessageInitShape<typeof SpanSchema>) => toBinary(SpanSchema, create(SpanSchema, init));
const concat = (...parts: Uint8Array[]) => new Uint8Array(Buffer.concat(parts));

/** AnyValue nested `levels` arrays deep. */
function nestedArray(levels: number): MessageInitShape<typeof SpanSchema>['attributes'] {
  let value: AnyValue = { $typeName: 'opentelemetry.proto.common.v1.AnyValue', value: { case: 'stringValue', value: 'leaf' } };
  for (let i = 0; i < levels; i += 1) {
    value = { $typeName: 'opentelemetry.proto.common.v1.AnyValue', value: { case: 'arrayValue', value: { $typeName: 'opentelemetry.proto.common.v1.ArrayValue', values: [value] } } };
  }
  return [{ key: 'deep', value }];
}

function handBuiltRequests(): [string, Uint8Array][] {
  const valid = { traceId: TRACE, spanId: SPAN, name: 'chat' };
  const everyKind = [
    { key: 's', value: { value: { case: 'stringValue' as const, value: 'héllo €😀' } } },
    { key: 'b', value: { value: { case: 'boolValue' as const, value: true } } },
    { key: 'i', value: { value: { case: 'intValue' as const, value: -5n } } },
    { key: 'd', value: { value: { case: 'doubleValue' as const, value: 0.25 } } },
    { key: 'a', value: { value: { case: 'arrayValue' as const, value: { values: [{ value: { case: 'intValue' as const, value: 1n } }] } } } },
    { key: 'k', value: { value: { case: 'kvlistValue' as const, value: { values: [{ key: 'x', value: { value: { case: 'boolValue' as const, value: false } } }] } } } },
    { key: 'y', value: { value: { case: 'bytesValue' as const, value: bytesOf(0, 255) } } },
    { key: 'empty', value: {} },
    { key: 'none' },
  ];
  const unknown = [{ no: 99, wireType: WireType.Varint, data: bytesOf(5) }, { no: 98, wireType: WireType.LengthDelimited, data: bytesOf(2, 1, 2) }];
  return [
    ['empty body', new Uint8Array(0)],
    ['official serializer, every field', ProtobufTraceSerializer.serializeRequest([everyFieldSpan()])!],
    ['every AnyValue kind, events, links, status', requestOf({ ...valid, attributes: everyKind, events: [{ name: 'e', attributes: everyKind }], links: [{ traceId: TRACE, spanId: SPAN, attributes: everyKind }], status: { code: 2, message: 'x' } })],
    ['no resource, no scope', requestOf(valid)],
    ['resource and scope with entity refs', encode({ resourceSpans: [{ resource: { attributes: everyKind, entityRefs: [{ type: 't', idKeys: ['a', 'b'] }] }, scopeSpans: [{ scope: { name: 'n', attributes: everyKind }, spans: [valid, valid] }] }] })],
    ['unknown fields at every level', encode({ resourceSpans: [{ $unknown: unknown, scopeSpans: [{ $unknown: unknown, spans: [{ ...valid, $unknown: unknown, attributes: [{ key: 'k', $unknown: unknown, value: { $unknown: unknown, value: { case: 'intValue', value: 1n } } }] }] }] }], $unknown: unknown })],
    ['unknown group field', concat(requestOf(valid), bytesOf((50 << 3) | 3, (1 << 3) | 0, 1, (50 << 3) | 4))],
    ['unmatched end group', concat(requestOf(valid), bytesOf((50 << 3) | 3, (51 << 3) | 4))],
    ['trace id of 15, 17, 0 bytes and all zero', requestOf({ ...valid, traceId: id(15) }, { ...valid, traceId: id(17) }, { ...valid, traceId: id(0) }, { ...valid, traceId: id(16, 0) })],
    ['span id of 7, 9, 0 bytes and all zero', requestOf({ ...valid, spanId: id(7) }, { ...valid, spanId: id(9) }, { ...valid, spanId: id(0) }, { ...valid, spanId: id(8, 0) })],
    ['parent id of 4 and 8 zero bytes', requestOf({ ...valid, parentSpanId: id(4) }, { ...valid, parentSpanId: id(8, 0) }, valid)],
    ['a trace id sent twice keeps the last', requestWithRawSpan(concat(spanBytes(valid), spanBytes({ traceId: id(3) })))],
    ['a bad trace id fixed by a second one', requestWithRawSpan(concat(spanBytes({ ...valid, traceId: id(3) }), spanBytes({ traceId: id(16, 9) })))],
    ['trace id sent with the varint wire type', requestWithRawSpan(concat(bytesOf((1 << 3) | 0, 16), TRACE, spanBytes({ spanId: SPAN })))],
    ['start time sent with the length wire type', requestWithRawSpan(concat(spanBytes(valid), bytesOf((7 << 3) | 2, 1, 2, 3, 4, 5, 6, 7, 8)))],
    ['a name that is not UTF-8', requestWithRawSpan(concat(spanBytes(valid), bytesOf((5 << 3) | 2, 2, 0xc0, 0x80)))],
    ['a long string ending in a lone surrogate', requestWithRawSpan(concat(spanBytes(valid), bytesOf((5 << 3) | 2, 83), Buffer.alloc(80, 0x61), bytesOf(0xed, 0xa0, 0x80)))],
    ['a string above U+10FFFF', requestWithRawSpan(concat(spanBytes(valid), bytesOf((5 << 3) | 2, 4, 0xf4, 0x90, 0x80, 0x80)))],
    ['a byte order mark in a name', requestWithRawSpan(concat(spanBytes(valid), bytesOf((5 << 3) | 2, 3, 0xef, 0xbb, 0xbf)))],
    ['bytes that are not UTF-8 in a bytes value', requestOf({ ...valid, attributes: [{ key: 'y', value: { value: { case: 'bytesValue', value: bytesOf(0xc0, 0x80) } } }] })],
    ['a tag of field 0', concat(requestOf(valid), bytesOf(0x02, 0))],
    ['a tag with wire type 6', concat(requestOf(valid), bytesOf((3 << 3) | 6))],
    ['a varint of 11 bytes', concat(requestOf(valid), bytesOf(99 << 3, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 1))],
    ['a 6-byte tag', concat(requestOf(valid), bytesOf(0x98, 0x86, 0x80, 0x80, 0x80, 0, 1))],
    ['a 5-byte tag within uint32', concat(requestOf(valid), bytesOf(0x98, 0x86, 0x80, 0x80, 0x00, 1))],
    ['a 5-byte tag past uint32', concat(requestOf(valid), bytesOf(0x98, 0x86, 0x80, 0x80, 0x10, 1))],
    ['attributes nested 47 levels (just within the decoder)', requestOf({ ...valid, attributes: nestedArray(47) })],
    ['attributes nested 48 levels (past the decoder)', requestOf({ ...valid, attributes: nestedArray(48) })],
    ['event attributes nested 46 levels (depth 99)', requestOf({ ...valid, events: [{ name: 'e', attributes: nestedArray(46) }] })],
    ['event attributes nested 47 levels (depth 101)', requestOf({ ...valid, events: [{ name: 'e', attributes: nestedArray(47) }] })],
  ];
}

/** Small deterministic PRNG, so a failing mutation is the same on every run. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function mutate(body: Uint8Array, random: () => number): Uint8Array {
  const at = Math.floor(random() * (body.length + 1));
  const byte = () => [0, 0x7f, 0x80, 0xff, 0xc0, 0x08, 0x0a, 0x12][Math.floor(random() * 8)]! ^ (random() < 0.5 ? 0 : Math.floor(random() * 256));
  const copy = new Uint8Array(body);
  switch (Math.floor(random() * 5)) {
    case 0:
      return body.subarray(0, at);
    case 1:
      if (at < copy.length) copy[at] = byte();
      return copy;
    case 2:
      if (at < copy.length) copy[at]! ^= 1 << Math.floor(random() * 8);
      return copy;
    case 3:
      return concat(body.subarray(0, at), bytesOf(...Array.from({ length: 1 + Math.floor(random() * 3) }, byte)), body.subarray(at));
    default:
      return concat(body.subarray(0, at), body.subarray(Math.min(body.length, at + 1 + Math.floor(random() * 4))));
  }
}

describe('scanTraceRequest agrees with decodeTraceRequest', () => {
  it('on realistic requests of LLM spans', () => {
    for (const [spans, callsPerTrace] of [[1, 3], [200, 3], [50, 0]] as const) {
      const verdict = expectSameVerdict(realisticRequest(spans, ['checkout', 'search'], Date.now(), callsPerTrace));
      expect(verdict).toMatchObject({ accepted: true, spanCount: spans });
    }
  });

  it('on spans recorded by the OpenTelemetry SDK', async () => {
    const verdict = expectSameVerdict(ProtobufTraceSerializer.serializeRequest(await sdkSpans())!);
    expect(verdict.accepted).toBe(true);
  });

  it.each(handBuiltRequests())('on %s', (label, bytes) => {
    expectSameVerdict(bytes, label);
  });

  it('names the bad ids and the depth limit as the decoder sees them', () => {
    const cases = Object.fromEntries(handBuiltRequests());
    expect(scanTraceRequest(cases['trace id of 15, 17, 0 bytes and all zero']!).validIds).toEqual([false, false, false, false]);
    expect(scanTraceRequest(cases['parent id of 4 and 8 zero bytes']!).validIds).toEqual([false, true, true]);
    expect(scanTraceRequest(cases['a bad trace id fixed by a second one']!).validIds).toEqual([true]);
    expect(() => scanTraceRequest(cases['attributes nested 48 levels (past the decoder)']!)).toThrow(ProtoDecodeError);
    expect(() => scanTraceRequest(cases['event attributes nested 47 levels (depth 101)']!)).toThrow(/recursion depth/);
    expect(() => scanTraceRequest(cases['a 6-byte tag']!)).toThrow(/illegal tag/);
    expect(() => scanTraceRequest(cases['a long string ending in a lone surrogate']!)).toThrow(/UTF-8/);
  });

  it('on thousands of truncated, flipped and spliced bodies', () => {
    const random = mulberry32(20261203);
    vi.spyOn(Math, 'random').mockImplementation(mulberry32(7)); // realistic text, not ids, is what shapes the bytes
    const bases = [...handBuiltRequests().map(([, bytes]) => bytes), realisticRequest(4, ['checkout'], 1_764_000_000_000, 3)];
    vi.restoreAllMocks();
    const outcomes = { accepted: 0, rejected: 0 };
    for (let i = 0; i < 6000; i += 1) {
      let body = bases[i % bases.length]!;
      for (let n = 1 + Math.floor(random() * 3); n > 0; n -= 1) body = mutate(body, random);
      outcomes[expectSameVerdict(body, `mutation ${i}`).accepted ? 'accepted' : 'rejected'] += 1;
    }
    // Both outcomes are exercised, not just one.
    expect(outcomes.accepted).toBeGreaterThan(500);
    expect(outcomes.rejected).toBeGreaterThan(500);
  });
});

import { equals } from '@bufbuild/protobuf';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { describe, expect, it } from 'vitest';
import { decodeTraceRequest } from './decode.js';
import { OtlpJsonError } from './errors.js';
import { logsRequestFromOtlpJson, traceRequestFromOtlpJson } from './from-otlp-json.js';
import { ExportTraceServiceRequestSchema } from './gen/opentelemetry/proto/collector/trace/v1/trace_service_pb.js';
import { Span_SpanKind, Status_StatusCode } from './gen/opentelemetry/proto/trace/v1/trace_pb.js';
import { everyFieldSpan, PARENT_SPAN_ID, sdkSpans, SPAN_ID, TRACE_ID } from '../testing/fixtures.js';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const officialJsonText = (spans = [everyFieldSpan()]) => new TextDecoder().decode(JsonTraceSerializer.serializeRequest(spans));

/** One span in OTLP/JSON, as a hand-written client would send it. */
function request(span: Record<string, unknown>): unknown {
  return { resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: TRACE_ID, spanId: SPAN_ID, name: 'x', ...span }] }] }] };
}
const firstSpan = (json: unknown) => traceRequestFromOtlpJson(json).resourceSpans[0]!.scopeSpans[0]!.spans[0]!;

describe('traceRequestFromOtlpJson reads what the official OpenTelemetry JSON serializer writes', () => {
  it('gives the same message as the protobuf path for a span with every field set', () => {
    const fromJson = traceRequestFromOtlpJson(JSON.parse(officialJsonText()));
    const fromProto = decodeTraceRequest(ProtobufTraceSerializer.serializeRequest([everyFieldSpan()])!);
    expect(fromJson).toEqual(fromProto);
    expect(equals(ExportTraceServiceRequestSchema, fromJson, fromProto)).toBe(true);
  });

  it('gives the same message as the protobuf path for spans of a real tracer provider', async () => {
    const spans = await sdkSpans();
    const fromJson = traceRequestFromOtlpJson(JSON.parse(officialJsonText(spans)));
    expect(fromJson).toEqual(decodeTraceRequest(ProtobufTraceSerializer.serializeRequest(spans)!));
  });

  it('takes the document as text or UTF-8 bytes too', () => {
    const text = officialJsonText();
    const parsed = traceRequestFromOtlpJson(JSON.parse(text));
    expect(traceRequestFromOtlpJson(text)).toEqual(parsed);
    expect(traceRequestFromOtlpJson(new TextEncoder().encode(text))).toEqual(parsed);
  });
});

describe('traceRequestFromOtlpJson follows OTLP/JSON, not plain proto3 JSON', () => {
  it('reads ids as hex of either case, and an empty parent id as a root span', () => {
    const span = firstSpan(request({ traceId: TRACE_ID.toUpperCase(), parentSpanId: '' }));
    expect(hex(span.traceId)).toBe(TRACE_ID);
    expect(hex(span.spanId)).toBe(SPAN_ID);
    expect(span.parentSpanId).toEqual(new Uint8Array());
  });

  it('reads enums as integers or as names', () => {
    expect(firstSpan(request({ kind: 2, status: { code: 2 } }))).toMatchObject({
      kind: Span_SpanKind.SERVER,
      status: { code: Status_StatusCode.ERROR },
    });
    expect(firstSpan(request({ kind: 'SPAN_KIND_CONSUMER', status: { code: 'STATUS_CODE_OK' } }))).toMatchObject({
      kind: Span_SpanKind.CONSUMER,
      status: { code: Status_StatusCode.OK },
    });
  });

  it('reads 64-bit integers as decimal strings or numbers', () => {
    const span = firstSpan(
      request({
        startTimeUnixNano: '1700000000123456789',
        endTimeUnixNano: 1_700_000_001_000_000_000,
        attributes: [
          { key: 's', value: { intValue: '-9223372036854775808' } },
          { key: 'n', value: { intValue: 42 } },
        ],
      }),
    );
    expect(span.startTimeUnixNano).toBe(1_700_000_000_123_456_789n);
    expect(span.endTimeUnixNano).toBe(1_700_000_001_000_000_000n);
    expect(span.attributes.map((kv) => kv.value!.value.value)).toEqual([-(2n ** 63n), 42n]);
  });

  it('reads snake_case keys like lowerCamelCase ones', () => {
    const json = {
      resource_spans: [
        {
          scope_spans: [
            {
              spans: [
                { trace_id: TRACE_ID, span_id: SPAN_ID, parent_span_id: PARENT_SPAN_ID, start_time_unix_nano: '5', dropped_events_count: 3 },
              ],
            },
          ],
        },
      ],
    };
    const span = traceRequestFromOtlpJson(json).resourceSpans[0]!.scopeSpans[0]!.spans[0]!;
    expect(hex(span.parentSpanId)).toBe(PARENT_SPAN_ID);
    expect(span.startTimeUnixNano).toBe(5n);
    expect(span.droppedEventsCount).toBe(3);
  });

  it('ignores unknown fields at every level, and null values', () => {
    const span = firstSpan({
      futureTopLevel: { a: 1 },
      resourceSpans: [
        {
          resource: { attributes: [], schemaUrl: 'not an OTLP field here', entityRefs: null },
          scopeSpans: [{ spans: [{ traceId: TRACE_ID, spanId: SPAN_ID, name: 'x', newField: [1, 2], status: null, kind: null }] }],
        },
      ],
    });
    expect(span.name).toBe('x');
    expect(span.status).toBeUndefined();
  });

  it('reads NaN and infinities of double attributes, spelled as proto3 JSON does', () => {
    const span = firstSpan(request({ attributes: [{ key: 'n', value: { doubleValue: 'NaN' } }, { key: 'i', value: { doubleValue: '-Infinity' } }] }));
    expect(span.attributes.map((kv) => kv.value!.value.value)).toEqual([NaN, -Infinity]);
  });
});

describe('traceRequestFromOtlpJson rejects invalid documents with OtlpJsonError invalid_json', () => {
  const cases: Array<[string, unknown, RegExp]> = [
    ['text that is not JSON', '{"resourceSpans": [', /not valid JSON text/],
    ['an array instead of an object', [], /expected an object, got \[\]/],
    ['resourceSpans that is not an array', { resourceSpans: {} }, /at resourceSpans: expected an array/],
    ['a trace id one byte short', request({ traceId: TRACE_ID.slice(2) }), /resourceSpans\[0\]\.scopeSpans\[0\]\.spans\[0\]\.traceId: expected 32 hex characters, got 30/],
    ['a span id that is not hex', request({ spanId: 'zzzzzzzzzzzzzzzz' }), /spans\[0\]\.spanId: expected hex characters only/],
    ['a base64 trace id (proto3 JSON, not OTLP)', request({ traceId: 'W47/95gDgQPSabYzgT/GDA==' }), /traceId: expected 32 hex characters, got 24/],
    ['a link id of the wrong length', request({ links: [{ traceId: TRACE_ID, spanId: 'abcd' }] }), /spans\[0\]\.links\[0\]\.spanId: expected 16 hex/],
    ['an unknown enum name', request({ kind: 'SPAN_KIND_WIZARD' }), /kind: expected a SpanKind number or name/],
    ['a fractional timestamp', request({ startTimeUnixNano: 1.5 }), /startTimeUnixNano: expected an integer/],
    ['a negative fixed64', request({ endTimeUnixNano: '-1' }), /endTimeUnixNano: -1 is out of range/],
    ['a uint32 out of range', request({ droppedAttributesCount: 2 ** 32 }), /droppedAttributesCount: 4294967296 is out of range/],
    ['a number where a string belongs', request({ name: 7 }), /spans\[0\]\.name: expected a string, got 7/],
    ['two values in one AnyValue', request({ attributes: [{ key: 'k', value: { stringValue: 'a', intValue: 1 } }] }), /attributes\[0\]\.value\.intValue: only one of the "value" fields/],
    ['bytes that are not base64', request({ attributes: [{ key: 'k', value: { bytesValue: '%%%' } }] }), /bytesValue: expected a base64 string/],
  ];
  it.each(cases)('%s', (_, json, message) => {
    let error: unknown;
    try {
      traceRequestFromOtlpJson(json);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(OtlpJsonError);
    expect(error).toMatchObject({ code: 'invalid_json', name: 'OtlpJsonError' });
    expect((error as Error).message).toMatch(message);
  });
});

describe('logsRequestFromOtlpJson', () => {
  it('reads log records with hex ids, severity and body', () => {
    const logs = logsRequestFromOtlpJson({
      resourceLogs: [
        {
          scopeLogs: [
            {
              logRecords: [
                { timeUnixNano: '10', severityNumber: 17, severityText: 'ERROR', body: { stringValue: 'boom' }, traceId: TRACE_ID, spanId: SPAN_ID, eventName: 'e' },
              ],
            },
          ],
        },
      ],
    });
    const record = logs.resourceLogs[0]!.scopeLogs[0]!.logRecords[0]!;
    expect(record).toMatchObject({ timeUnixNano: 10n, severityNumber: 17, severityText: 'ERROR', eventName: 'e' });
    expect(record.body!.value).toEqual({ case: 'stringValue', value: 'boom' });
    expect(hex(record.traceId)).toBe(TRACE_ID);
  });
});

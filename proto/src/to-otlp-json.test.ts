import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { describe, expect, it } from 'vitest';
import { decodeTraceRequest } from './decode.js';
import { traceRequestFromOtlpJson } from './from-otlp-json.js';
import { traceRequestToOtlpJson } from './to-otlp-json.js';
import { everyFieldSpan, LINKED_SPAN_ID, LINKED_TRACE_ID, PARENT_SPAN_ID, sdkSpans, SPAN_ID, TRACE_ID } from '../testing/fixtures.js';

const decodedEveryFieldSpan = () => decodeTraceRequest(ProtobufTraceSerializer.serializeRequest([everyFieldSpan()])!);

describe('traceRequestToOtlpJson', () => {
  it('writes OTLP/JSON that reads back to the same message, through JSON text', async () => {
    for (const request of [decodedEveryFieldSpan(), decodeTraceRequest(ProtobufTraceSerializer.serializeRequest(await sdkSpans())!)]) {
      const text = JSON.stringify(traceRequestToOtlpJson(request));
      expect(traceRequestFromOtlpJson(JSON.parse(text))).toEqual(request);
    }
  });

  it('writes ids as lowercase hex, enums as integers, 64-bit integers as strings, bytes as base64', () => {
    const json = traceRequestToOtlpJson(decodedEveryFieldSpan()) as any;
    const span = json.resourceSpans[0].scopeSpans[0].spans[0];
    expect(span).toMatchObject({
      traceId: TRACE_ID,
      spanId: SPAN_ID,
      parentSpanId: PARENT_SPAN_ID,
      traceState: 'lumina=a1,vendor=b2',
      flags: 0x301,
      kind: 3,
      startTimeUnixNano: '1700000000123456789',
      endTimeUnixNano: '1700000001987654321',
      droppedAttributesCount: 3,
      status: { code: 2, message: 'rate limited' },
    });
    expect(span.links[0]).toMatchObject({ traceId: LINKED_TRACE_ID, spanId: LINKED_SPAN_ID, flags: 0x300 });
    const byKey = Object.fromEntries(span.attributes.map((kv: { key: string; value: unknown }) => [kv.key, kv.value]));
    expect(byKey['gen_ai.usage.input_tokens']).toEqual({ intValue: '1234' });
    expect(byKey['gen_ai.request.temperature']).toEqual({ doubleValue: 0.25 });
    expect(byKey['gen_ai.request.stream']).toEqual({ boolValue: false });
    expect(byKey['lumina.raw']).toEqual({ bytesValue: 'AAH+/w==' });
    expect(byKey['gen_ai.response.finish_reasons']).toEqual({ arrayValue: { values: [{ stringValue: 'stop' }, { stringValue: 'length' }] } });
  });

  it('leaves out fields at their default value, but keeps a oneof value that is zero', () => {
    const request = traceRequestFromOtlpJson({
      resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: TRACE_ID, spanId: SPAN_ID, attributes: [{ key: 'zero', value: { intValue: 0 } }] }] }] }],
    });
    expect(traceRequestToOtlpJson(request)).toEqual({
      resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: TRACE_ID, spanId: SPAN_ID, attributes: [{ key: 'zero', value: { intValue: '0' } }] }] }] }],
    });
  });
});

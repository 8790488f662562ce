import { JsonLogsSerializer, ProtobufLogsSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { describe, expect, it } from 'vitest';
import { decodeLogsRequest } from './decode.js';
import { ProtoDecodeError } from './errors.js';
import { logsRequestFromOtlpJson } from './from-otlp-json.js';
import { SeverityNumber } from './gen/opentelemetry/proto/logs/v1/logs_pb.js';
import { SPAN_ID, TRACE_ID } from '../testing/fixtures.js';

type OfficialLogRecord = Parameters<typeof ProtobufLogsSerializer.serializeRequest>[0][number];

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

function logRecord(): OfficialLogRecord {
  return {
    hrTime: [1_700_000_000, 1],
    hrTimeObserved: [1_700_000_000, 2],
    spanContext: { traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: 1 },
    severityText: 'ERROR',
    severityNumber: 17,
    body: { message: 'model refused', tokens: 12 },
    eventName: 'gen_ai.choice',
    resource: resourceFromAttributes({ 'service.name': 'checkout' }),
    instrumentationScope: { name: 'logs-test', version: '1.0.0', schemaUrl: 'https://opentelemetry.io/schemas/1.27.0' },
    attributes: { 'gen_ai.system': 'openai', retries: 2 },
    droppedAttributesCount: 1,
  };
}

describe('decodeLogsRequest reads what the official OpenTelemetry protobuf serializer writes', () => {
  it('keeps every field of a log record', () => {
    const logs = decodeLogsRequest(ProtobufLogsSerializer.serializeRequest([logRecord()])!);
    const scopeLogs = logs.resourceLogs[0]!.scopeLogs[0]!;
    expect(logs.resourceLogs[0]!.resource!.attributes[0]).toMatchObject({ key: 'service.name', value: { value: { case: 'stringValue', value: 'checkout' } } });
    expect(scopeLogs.scope).toMatchObject({ name: 'logs-test', version: '1.0.0' });
    expect(scopeLogs.schemaUrl).toBe('https://opentelemetry.io/schemas/1.27.0');
    const record = scopeLogs.logRecords[0]!;
    expect(record).toMatchObject({
      timeUnixNano: 1_700_000_000_000_000_001n,
      observedTimeUnixNano: 1_700_000_000_000_000_002n,
      severityNumber: SeverityNumber.ERROR,
      severityText: 'ERROR',
      eventName: 'gen_ai.choice',
      droppedAttributesCount: 1,
      flags: 1,
    });
    expect(hex(record.traceId)).toBe(TRACE_ID);
    expect(hex(record.spanId)).toBe(SPAN_ID);
    expect(record.body!.value.case).toBe('kvlistValue');
    expect(record.attributes.map((kv) => [kv.key, kv.value!.value.value])).toEqual([
      ['gen_ai.system', 'openai'],
      ['retries', 2n],
    ]);
  });

  it('gives the same message from the official JSON serializer', () => {
    const fromJson = logsRequestFromOtlpJson(JsonLogsSerializer.serializeRequest([logRecord()]));
    expect(fromJson).toEqual(decodeLogsRequest(ProtobufLogsSerializer.serializeRequest([logRecord()])!));
  });

  it('rejects bytes that are not a logs request', () => {
    expect(() => decodeLogsRequest(new Uint8Array([0x0a, 0x09, 0x00]))).toThrow(ProtoDecodeError);
  });
});

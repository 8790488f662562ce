import { ProtobufLogsSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { describe, expect, it } from 'vitest';
import { encodeLogsResponse, encodeTraceResponse, logsResponseToJson, traceResponseToJson } from './export-response.js';

describe('trace export responses', () => {
  it('tell an official OTLP exporter how many spans were rejected and why', () => {
    const bytes = encodeTraceResponse({ rejectedSpans: 2, errorMessage: '2 spans had an invalid trace id' });
    expect(ProtobufTraceSerializer.deserializeResponse(bytes)).toEqual({
      partialSuccess: { rejectedSpans: 2, errorMessage: '2 spans had an invalid trace id' },
    });
    expect(traceResponseToJson({ rejectedSpans: 2n, errorMessage: '2 spans had an invalid trace id' })).toEqual({
      partialSuccess: { rejectedSpans: '2', errorMessage: '2 spans had an invalid trace id' },
    });
  });

  it('leave partial_success unset when everything was accepted', () => {
    expect(encodeTraceResponse()).toEqual(new Uint8Array());
    expect(encodeTraceResponse({ rejectedSpans: 0, errorMessage: '' })).toEqual(new Uint8Array());
    expect(ProtobufTraceSerializer.deserializeResponse(encodeTraceResponse({ rejectedSpans: 0 }))).toEqual({});
    expect(traceResponseToJson({ rejectedSpans: 0 })).toEqual({});
  });

  it('carry a warning when nothing was rejected', () => {
    expect(ProtobufTraceSerializer.deserializeResponse(encodeTraceResponse({ rejectedSpans: 0, errorMessage: 'slow down' }))).toEqual({
      partialSuccess: { errorMessage: 'slow down' },
    });
    expect(traceResponseToJson({ rejectedSpans: 0, errorMessage: 'slow down' })).toEqual({ partialSuccess: { errorMessage: 'slow down' } });
  });
});

describe('logs export responses', () => {
  it('tell an official OTLP exporter how many log records were rejected', () => {
    const bytes = encodeLogsResponse({ rejectedLogRecords: 5, errorMessage: 'too large' });
    expect(ProtobufLogsSerializer.deserializeResponse(bytes)).toEqual({ partialSuccess: { rejectedLogRecords: 5, errorMessage: 'too large' } });
    expect(logsResponseToJson({ rejectedLogRecords: 5, errorMessage: 'too large' })).toEqual({
      partialSuccess: { rejectedLogRecords: '5', errorMessage: 'too large' },
    });
    expect(encodeLogsResponse({ rejectedLogRecords: 0 })).toEqual(new Uint8Array());
  });
});

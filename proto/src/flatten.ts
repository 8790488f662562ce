import { SPAN_KINDS, storableString, type FlatSpan, type OtelStatusCode, type SpanKind } from '@lumina/core';
import type { ExportTraceServiceRequest } from './gen/opentelemetry/proto/collector/trace/v1/trace_service_pb.js';
import type { Span } from './gen/opentelemetry/proto/trace/v1/trace_pb.js';
import { keyValuesToAttributes } from './attributes.js';

const UNKNOWN_SERVICE = 'unknown_service';

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

function spanKind(kind: number): SpanKind {
  return SPAN_KINDS[kind] ?? 'unspecified';
}

function statusCode(code: number | undefined): OtelStatusCode {
  return code === 1 || code === 2 ? code : 0;
}

function flattenSpan(span: Span, resource: FlatSpan['resource'], serviceName: string, scopeName: string, scopeVersion: string): FlatSpan {
  return {
    traceId: hex(span.traceId),
    spanId: hex(span.spanId),
    parentSpanId: span.parentSpanId.length > 0 ? hex(span.parentSpanId) : null,
    name: storableString(span.name),
    kind: spanKind(span.kind),
    serviceName,
    startTimeUnixNano: span.startTimeUnixNano,
    endTimeUnixNano: span.endTimeUnixNano,
    statusCode: statusCode(span.status?.code),
    statusMessage: storableString(span.status?.message ?? ''),
    attributes: keyValuesToAttributes(span.attributes),
    resource,
    scopeName,
    scopeVersion,
    events: span.events.map((event) => ({
      name: storableString(event.name),
      timeUnixNano: event.timeUnixNano,
      attributes: keyValuesToAttributes(event.attributes),
    })),
  };
}

/** Every span of an export request as core's FlatSpan, each with its resource, service name and scope. */
export function flattenTraceRequest(request: ExportTraceServiceRequest): FlatSpan[] {
  const spans: FlatSpan[] = [];
  for (const resourceSpans of request.resourceSpans) {
    const resource = keyValuesToAttributes(resourceSpans.resource?.attributes ?? []);
    const service = resource['service.name'];
    const serviceName = typeof service === 'string' && service !== '' ? service : UNKNOWN_SERVICE;
    for (const scopeSpans of resourceSpans.scopeSpans) {
      const scopeName = storableString(scopeSpans.scope?.name ?? '');
      const scopeVersion = storableString(scopeSpans.scope?.version ?? '');
      for (const span of scopeSpans.spans) spans.push(flattenSpan(span, resource, serviceName, scopeName, scopeVersion));
    }
  }
  return spans;
}

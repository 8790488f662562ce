import { SPAN_KINDS, storableString, type Attributes, type FlatSpan, type OtelStatusCode, type SpanEvent, type SpanKind } from '@lumina/core';
import { ExportTraceServiceRequestSchema } from './gen/opentelemetry/proto/collector/trace/v1/trace_service_pb.js';
import { InstrumentationScopeSchema } from './gen/opentelemetry/proto/common/v1/common_pb.js';
import { ResourceSchema } from './gen/opentelemetry/proto/resource/v1/resource_pb.js';
import { ResourceSpansSchema, ScopeSpansSchema, Span_EventSchema, SpanSchema, StatusSchema } from './gen/opentelemetry/proto/trace/v1/trace_pb.js';
import { ProtoDecodeError } from './errors.js';
import { readKeyValueInto } from './flat-decode-attributes.js';
import { enterMessage, fieldsOf, openWire, readFixed64, readHex, readString, readTag, skipField, type Wire } from './flat-decode-wire.js';

/**
 * OTLP/protobuf trace export → core's FlatSpans in one walk over the wire format: the
 * same result as `flattenTraceRequest(decodeTraceRequest(bytes))`, and the same inputs
 * rejected, without building the request's object tree first. Links are validated (as the
 * old decoder did) but not kept; fields nobody stores are skipped in place.
 *
 * Fields may come in any order, so a span read before its scope or resource gets its scope
 * and service name once its ScopeSpans / ResourceSpans is complete. Every span of a
 * ResourceSpans shares one resource object, as flatten.ts shares it.
 */

const UNKNOWN_SERVICE = 'unknown_service';

const REQUEST_FIELDS = fieldsOf(ExportTraceServiceRequestSchema);
const RESOURCE_SPANS_FIELDS = fieldsOf(ResourceSpansSchema);
const RESOURCE_FIELDS = fieldsOf(ResourceSchema);
const SCOPE_SPANS_FIELDS = fieldsOf(ScopeSpansSchema);
const SCOPE_FIELDS = fieldsOf(InstrumentationScopeSchema);
const SPAN_FIELDS = fieldsOf(SpanSchema);
const EVENT_FIELDS = fieldsOf(Span_EventSchema);
const STATUS_FIELDS = fieldsOf(StatusSchema);

/** Span's field numbers (trace.proto) that end up in a FlatSpan. */
const SpanField = { TraceId: 1, SpanId: 2, ParentSpanId: 4, Name: 5, Kind: 6, Start: 7, End: 8, Attributes: 9, Events: 11, Status: 15 } as const;

/**
 * Every span of an OTLP/protobuf ExportTraceServiceRequest as a FlatSpan.
 *
 * @throws {ProtoDecodeError} code `invalid_protobuf` on exactly the bytes `decodeTraceRequest` rejects.
 */
export function decodeFlatSpans(bytes: Uint8Array): FlatSpan[] {
  try {
    return readRequest(openWire(bytes), bytes.byteLength);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new ProtoDecodeError(`invalid OTLP protobuf ${ExportTraceServiceRequestSchema.name}: ${reason}`, { cause: err });
  }
}

function readRequest(wire: Wire, length: number): FlatSpan[] {
  enterMessage(ExportTraceServiceRequestSchema, 1);
  const reader = wire.reader;
  const spans: FlatSpan[] = [];
  while (reader.pos < length) {
    const tag = readTag(wire);
    if (tag >>> 3 === 1) readResourceSpans(wire, reader.uint32(), 2, spans);
    else skipField(wire, REQUEST_FIELDS, tag, 1);
  }
  return spans;
}

function readResourceSpans(wire: Wire, length: number, depth: number, spans: FlatSpan[]): void {
  enterMessage(ResourceSpansSchema, depth);
  const reader = wire.reader;
  const end = reader.pos + length;
  const first = spans.length;
  const resource: Attributes = {};
  while (reader.pos < end) {
    const tag = readTag(wire);
    if (tag >>> 3 === 1) readResource(wire, reader.uint32(), depth + 1, resource);
    else if (tag >>> 3 === 2) readScopeSpans(wire, reader.uint32(), depth + 1, resource, spans);
    else skipField(wire, RESOURCE_SPANS_FIELDS, tag, depth);
  }
  const service = resource['service.name'];
  const serviceName = typeof service === 'string' && service !== '' ? service : UNKNOWN_SERVICE;
  for (let i = first; i < spans.length; i++) spans[i]!.serviceName = serviceName;
}

/** A Resource's attributes, added to `resource` (a repeated Resource field merges into one). */
function readResource(wire: Wire, length: number, depth: number, resource: Attributes): void {
  enterMessage(ResourceSchema, depth);
  const reader = wire.reader;
  const end = reader.pos + length;
  while (reader.pos < end) {
    const tag = readTag(wire);
    if (tag >>> 3 === 1) readKeyValueInto(wire, reader.uint32(), depth + 1, resource);
    else skipField(wire, RESOURCE_FIELDS, tag, depth);
  }
}

/** Scope name and version while a ScopeSpans is read; a repeated scope field merges like protobuf-es. */
interface ScopeNames {
  name: string;
  version: string;
}

function readScopeSpans(wire: Wire, length: number, depth: number, resource: Attributes, spans: FlatSpan[]): void {
  enterMessage(ScopeSpansSchema, depth);
  const reader = wire.reader;
  const end = reader.pos + length;
  const first = spans.length;
  const scope: ScopeNames = { name: '', version: '' };
  while (reader.pos < end) {
    const tag = readTag(wire);
    if (tag >>> 3 === 1) readScope(wire, reader.uint32(), depth + 1, scope);
    else if (tag >>> 3 === 2) spans.push(readSpan(wire, reader.uint32(), depth + 1, resource));
    else skipField(wire, SCOPE_SPANS_FIELDS, tag, depth);
  }
  const scopeName = storableString(scope.name);
  const scopeVersion = storableString(scope.version);
  for (let i = first; i < spans.length; i++) {
    spans[i]!.scopeName = scopeName;
    spans[i]!.scopeVersion = scopeVersion;
  }
}

function readScope(wire: Wire, length: number, depth: number, scope: ScopeNames): void {
  enterMessage(InstrumentationScopeSchema, depth);
  const reader = wire.reader;
  const end = reader.pos + length;
  while (reader.pos < end) {
    const tag = readTag(wire);
    if (tag >>> 3 === 1) scope.name = readString(wire);
    else if (tag >>> 3 === 2) scope.version = readString(wire);
    else skipField(wire, SCOPE_FIELDS, tag, depth);
  }
}

/** A span with every field at its default; the readers below fill it in. */
function emptySpan(resource: Attributes): FlatSpan {
  return {
    traceId: '',
    spanId: '',
    parentSpanId: null,
    name: '',
    kind: 'unspecified',
    serviceName: '',
    startTimeUnixNano: 0n,
    endTimeUnixNano: 0n,
    statusCode: 0,
    statusMessage: '',
    attributes: {},
    resource,
    scopeName: '',
    scopeVersion: '',
    events: [],
  };
}

/** One span; its service name and scope are filled in by the enclosing readers. */
function readSpan(wire: Wire, length: number, depth: number, resource: Attributes): FlatSpan {
  enterMessage(SpanSchema, depth);
  const reader = wire.reader;
  const end = reader.pos + length;
  const span = emptySpan(resource);
  let status: StatusFields | undefined;
  while (reader.pos < end) {
    const tag = readTag(wire);
    switch (tag >>> 3) {
      case SpanField.TraceId:
        span.traceId = readHex(wire);
        break;
      case SpanField.SpanId:
        span.spanId = readHex(wire);
        break;
      case SpanField.ParentSpanId: {
        const parent = readHex(wire);
        span.parentSpanId = parent.length > 0 ? parent : null;
        break;
      }
      case SpanField.Name:
        span.name = readString(wire);
        break;
      case SpanField.Kind:
        span.kind = spanKind(reader.int32());
        break;
      case SpanField.Start:
        span.startTimeUnixNano = readFixed64(wire);
        break;
      case SpanField.End:
        span.endTimeUnixNano = readFixed64(wire);
        break;
      case SpanField.Attributes:
        readKeyValueInto(wire, reader.uint32(), depth + 1, span.attributes);
        break;
      case SpanField.Events:
        span.events.push(readEvent(wire, reader.uint32(), depth + 1));
        break;
      case SpanField.Status:
        status ??= { code: 0, message: '' };
        readStatus(wire, reader.uint32(), depth + 1, status);
        break;
      default:
        skipField(wire, SPAN_FIELDS, tag, depth);
    }
  }
  span.name = storableString(span.name);
  if (status !== undefined) {
    span.statusCode = statusCode(status.code);
    span.statusMessage = storableString(status.message);
  }
  return span;
}

function spanKind(kind: number): SpanKind {
  return SPAN_KINDS[kind] ?? 'unspecified';
}

function statusCode(code: number): OtelStatusCode {
  return code === 1 || code === 2 ? code : 0;
}

/** A span's status while it is read; a repeated status field merges like protobuf-es. */
interface StatusFields {
  code: number;
  message: string;
}

function readStatus(wire: Wire, length: number, depth: number, status: StatusFields): void {
  enterMessage(StatusSchema, depth);
  const reader = wire.reader;
  const end = reader.pos + length;
  while (reader.pos < end) {
    const tag = readTag(wire);
    if (tag >>> 3 === 2) status.message = readString(wire);
    else if (tag >>> 3 === 3) status.code = reader.int32();
    else skipField(wire, STATUS_FIELDS, tag, depth);
  }
}

function readEvent(wire: Wire, length: number, depth: number): SpanEvent {
  enterMessage(Span_EventSchema, depth);
  const reader = wire.reader;
  const end = reader.pos + length;
  let name = '';
  let timeUnixNano = 0n;
  const attributes: Attributes = {};
  while (reader.pos < end) {
    const tag = readTag(wire);
    if (tag >>> 3 === 1) timeUnixNano = readFixed64(wire);
    else if (tag >>> 3 === 2) name = readString(wire);
    else if (tag >>> 3 === 3) readKeyValueInto(wire, reader.uint32(), depth + 1, attributes);
    else skipField(wire, EVENT_FIELDS, tag, depth);
  }
  return { name: storableString(name), timeUnixNano, attributes };
}

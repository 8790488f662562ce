import { BinaryReader, WireType } from '@bufbuild/protobuf/wire';

/** What the collector tests look at in a span. */
export interface DecodedSpan {
  traceId: string;
  spanId: string;
  /** '' for a root span */
  parentSpanId: string;
  name: string;
  attributeKeys: string[];
}

// Field numbers of opentelemetry/proto/collector/trace/v1 and trace/v1 (OTLP).
const REQUEST_RESOURCE_SPANS = 1;
const RESOURCE_SPANS_SCOPE_SPANS = 2;
const SCOPE_SPANS_SPANS = 2;
const SPAN = { traceId: 1, spanId: 2, parentSpanId: 4, name: 5, attributes: 9 } as const;
const KEY_VALUE_KEY = 1;

/** Decodes the spans of an ExportTraceServiceRequest in protobuf encoding. */
export function decodeTraceRequestProto(bytes: Uint8Array): DecodedSpan[] {
  const spans: DecodedSpan[] = [];
  forEachField(bytes, REQUEST_RESOURCE_SPANS, (resourceSpans) =>
    forEachField(resourceSpans, RESOURCE_SPANS_SCOPE_SPANS, (scopeSpans) =>
      forEachField(scopeSpans, SCOPE_SPANS_SPANS, (span) => spans.push(decodeSpan(span))),
    ),
  );
  return spans;
}

/** Decodes the spans of an ExportTraceServiceRequest in OTLP/JSON encoding. */
export function decodeTraceRequestJson(text: string): DecodedSpan[] {
  interface JsonSpan { traceId: string; spanId: string; parentSpanId?: string; name: string; attributes?: { key: string }[] }
  const request = JSON.parse(text) as { resourceSpans?: { scopeSpans?: { spans?: JsonSpan[] }[] }[] };
  return (request.resourceSpans ?? []).flatMap((rs) =>
    (rs.scopeSpans ?? []).flatMap((ss) =>
      (ss.spans ?? []).map((span) => ({
        traceId: span.traceId.toLowerCase(),
        spanId: span.spanId.toLowerCase(),
        parentSpanId: (span.parentSpanId ?? '').toLowerCase(),
        name: span.name,
        attributeKeys: (span.attributes ?? []).map((attribute) => attribute.key),
      })),
    ),
  );
}

function decodeSpan(bytes: Uint8Array): DecodedSpan {
  const span: DecodedSpan = { traceId: '', spanId: '', parentSpanId: '', name: '', attributeKeys: [] };
  const reader = new BinaryReader(bytes);
  while (reader.pos < reader.len) {
    const [fieldNo, wireType] = reader.tag();
    if (fieldNo === SPAN.traceId) span.traceId = hex(reader.bytes());
    else if (fieldNo === SPAN.spanId) span.spanId = hex(reader.bytes());
    else if (fieldNo === SPAN.parentSpanId) span.parentSpanId = hex(reader.bytes());
    else if (fieldNo === SPAN.name) span.name = reader.string();
    else if (fieldNo === SPAN.attributes) span.attributeKeys.push(keyOf(reader.bytes()));
    else reader.skip(wireType);
  }
  return span;
}

function keyOf(keyValue: Uint8Array): string {
  let key = '';
  forEachField(keyValue, KEY_VALUE_KEY, (bytes) => (key = new TextDecoder().decode(bytes)));
  return key;
}

/** Calls `visit` with the payload of every length-delimited field `wanted`. */
function forEachField(bytes: Uint8Array, wanted: number, visit: (payload: Uint8Array) => void): void {
  const reader = new BinaryReader(bytes);
  while (reader.pos < reader.len) {
    const [fieldNo, wireType] = reader.tag();
    if (fieldNo === wanted && wireType === WireType.LengthDelimited) visit(reader.bytes());
    else reader.skip(wireType);
  }
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

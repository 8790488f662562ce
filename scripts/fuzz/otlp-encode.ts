import { WireWriter } from './protobuf-wire.js';
import type { GenRequest, GenSpan, KeyValue, Text, Value } from './otlp-model.js';

/** Protobuf bytes of an ExportTraceServiceRequest written field by field (opentelemetry-proto numbering). */
export function requestToProtobuf(request: GenRequest): Uint8Array {
  const w = new WireWriter();
  for (const resourceSpans of request) {
    w.message(1, (rs) => {
      rs.message(1, (resource) => writeAttributes(resource, 1, resourceSpans.resource));
      rs.message(2, (ss) => {
        ss.message(1, (scope) => scope.string(1, resourceSpans.scopeName).string(2, resourceSpans.scopeVersion));
        for (const span of resourceSpans.spans) ss.message(2, (s) => writeSpan(s, span));
      });
    });
  }
  return w.finish();
}

function writeSpan(w: WireWriter, span: GenSpan): void {
  w.bytes(1, span.traceId).bytes(2, span.spanId);
  if (span.parentSpanId.length > 0) w.bytes(4, span.parentSpanId);
  w.string(5, span.name).uint(6, span.kind).fixed64(7, span.startNanos).fixed64(8, span.endNanos);
  writeAttributes(w, 9, span.attributes);
  for (const event of span.events) {
    w.message(11, (e) => {
      e.fixed64(1, event.timeNanos).string(2, event.name);
      writeAttributes(e, 3, event.attributes);
    });
  }
  if (span.status) w.message(15, (status) => status.string(2, span.status!.message).uint(3, span.status!.code));
}

function writeAttributes(w: WireWriter, field: number, attributes: KeyValue[]): void {
  for (const kv of attributes) {
    w.message(field, (pair) => {
      pair.string(1, kv.key);
      if (kv.value) pair.bytes(2, anyValueBytes(kv.value));
    });
  }
}

function anyValueBytes(value: Value): Uint8Array {
  const w = new WireWriter();
  if ('string' in value) w.string(1, value.string);
  else if ('bool' in value) w.uint(2, value.bool ? 1 : 0);
  else if ('int' in value) w.uint(3, value.int);
  else if ('double' in value) w.double(4, value.double);
  else if ('array' in value) w.message(5, (array) => value.array.forEach((item) => array.bytes(1, anyValueBytes(item))));
  else if ('kvlist' in value) w.message(6, (list) => writeAttributes(list, 1, value.kvlist));
  else if ('bytes' in value) w.bytes(7, value.bytes);
  else return deepAnyValueBytes(value.deep);
  return w.finish();
}

/**
 * AnyValue{array_value{values: AnyValue{…}}} `depth` levels deep: the length prefixes are
 * computed inside out and the bytes joined once (copying the inner message at each level is quadratic).
 */
const deepValues = new Map<number, Uint8Array>();

function deepAnyValueBytes(depth: number): Uint8Array {
  const cached = deepValues.get(depth);
  if (cached) return cached;
  const bottom = new WireWriter().string(1, 'bottom').finish();
  const prefixes: Uint8Array[] = [];
  let size = bottom.length;
  for (let i = 0; i < depth; i += 1) {
    const valuesPrefix = lengthPrefix(1, size); // ArrayValue.values
    size += valuesPrefix.length;
    const arrayPrefix = lengthPrefix(5, size); // AnyValue.array_value
    size += arrayPrefix.length;
    prefixes.push(valuesPrefix, arrayPrefix);
  }
  const bytes = Buffer.concat([...prefixes.reverse(), bottom]);
  deepValues.set(depth, bytes);
  return bytes;
}

function lengthPrefix(field: number, length: number): Uint8Array {
  const out = [(field << 3) | 2];
  let v = length;
  while (v > 0x7f) {
    out.push((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  out.push(v);
  return Uint8Array.from(out);
}

/** Text as JSON can carry it: raw bytes decoded leniently (invalid UTF-8 goes in separately, as raw body bytes). */
function jsonText(value: Text): string {
  return typeof value === 'string' ? value : Buffer.from(value).toString('utf8');
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

/** OTLP/JSON of the request as an object (hex ids, int64 as strings), for mutation before serializing. */
export function requestToOtlpJson(request: GenRequest): unknown {
  return {
    resourceSpans: request.map((resourceSpans) => ({
      resource: { attributes: attributesJson(resourceSpans.resource) },
      scopeSpans: [
        {
          scope: { name: jsonText(resourceSpans.scopeName), version: jsonText(resourceSpans.scopeVersion) },
          spans: resourceSpans.spans.map((span) => ({
            traceId: hex(span.traceId),
            spanId: hex(span.spanId),
            parentSpanId: hex(span.parentSpanId),
            name: jsonText(span.name),
            kind: span.kind,
            startTimeUnixNano: span.startNanos.toString(),
            endTimeUnixNano: span.endNanos.toString(),
            attributes: attributesJson(span.attributes),
            events: span.events.map((event) => ({ timeUnixNano: event.timeNanos.toString(), name: jsonText(event.name), attributes: attributesJson(event.attributes) })),
            ...(span.status ? { status: { code: span.status.code, message: jsonText(span.status.message) } } : {}),
          })),
        },
      ],
    })),
  };
}

function attributesJson(attributes: KeyValue[]): unknown[] {
  return attributes.map((kv) => (kv.value ? { key: jsonText(kv.key), value: anyValueJson(kv.value) } : { key: jsonText(kv.key) }));
}

function anyValueJson(value: Value): unknown {
  if ('string' in value) return { stringValue: jsonText(value.string) };
  if ('bool' in value) return { boolValue: value.bool };
  if ('int' in value) return { intValue: value.int.toString() };
  // JSON has no NaN or Infinity: OTLP/JSON writes them as strings.
  if ('double' in value) return { doubleValue: Number.isFinite(value.double) ? value.double : String(value.double) };
  if ('array' in value) return { arrayValue: { values: value.array.map(anyValueJson) } };
  if ('kvlist' in value) return { kvlistValue: { values: attributesJson(value.kvlist) } };
  if ('bytes' in value) return { bytesValue: Buffer.from(value.bytes).toString('base64') };
  return { deepJson: value.deep };
}

/**
 * JSON text of an object; `{"deepJson": n}` placeholders become n levels of nested arrayValue,
 * written as text so that neither JSON.stringify nor the fuzzer recurses that deep.
 */
export function stringifyOtlpJson(json: unknown): string {
  return JSON.stringify(json).replace(/\{"deepJson":(\d+)\}/g, (_, depth: string) => {
    const n = Number(depth);
    return `${'{"arrayValue":{"values":['.repeat(n)}{"stringValue":"bottom"}${']}}'.repeat(n)}`;
  });
}

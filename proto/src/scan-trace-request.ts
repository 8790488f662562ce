import { isUtf8 } from 'node:buffer';
import { ScalarType } from '@bufbuild/protobuf';
import type { DescField, DescMessage } from '@bufbuild/protobuf';
import { BinaryReader, WireType } from '@bufbuild/protobuf/wire';
import { ExportTraceServiceRequestSchema } from './gen/opentelemetry/proto/collector/trace/v1/trace_service_pb.js';
import { ScopeSpansSchema, SpanSchema } from './gen/opentelemetry/proto/trace/v1/trace_pb.js';
import { ProtoDecodeError } from './errors.js';
import { bytesToHex } from './hex.js';

/** What ingest needs to know of an export request, read without building its messages. */
export interface TraceRequestScan {
  /** Spans in the request, every resource and scope. */
  spanCount: number;
  /** Per span, in request order: a 16-byte non-zero trace id, an 8-byte non-zero span id, a parent id empty or of 8 bytes. */
  validIds: boolean[];
  /** How many of `validIds` are false. */
  invalidSpans: number;
  /** The lowercase hex trace ids of the spans with valid ids. */
  traceIds: Set<string>;
}

// How a field's value is read. The decoder (fromBinary) reads a known field by its declared
// type whatever the wire type says, so the scan does the same, byte for byte.
const VARINT = 0;
const FIXED32 = 1;
const FIXED64 = 2;
const BYTES = 3;
const STRING = 4;
const MESSAGE = 5;

// What a field means to the scan; everything else is only read past.
const NO_ROLE = 0;
const SPAN = 1;
const TRACE_ID = 2;
const SPAN_ID = 3;
const PARENT_SPAN_ID = 4;

const READ_OF_SCALAR: Partial<Record<ScalarType, number>> = {
  [ScalarType.DOUBLE]: FIXED64,
  [ScalarType.FIXED64]: FIXED64,
  [ScalarType.SFIXED64]: FIXED64,
  [ScalarType.FLOAT]: FIXED32,
  [ScalarType.FIXED32]: FIXED32,
  [ScalarType.SFIXED32]: FIXED32,
  [ScalarType.STRING]: STRING,
  [ScalarType.BYTES]: BYTES,
};

/** fromBinary's default recursion limit: a message nested deeper fails to decode. */
const RECURSION_LIMIT = 100;

interface FieldPlan {
  read: number;
  /** a repeated number field: a length-delimited record holds packed values */
  packed: boolean;
  /** strings whose UTF-8 fromBinary verifies (proto3: all) */
  strictUtf8: boolean;
  message: MessagePlan | undefined;
  role: number;
}

interface MessagePlan {
  /** indexed by field number; undefined for unknown fields */
  fields: (FieldPlan | undefined)[];
}

function scalarOf(field: DescField): ScalarType | undefined {
  if (field.fieldKind === 'scalar') return field.scalar;
  if (field.fieldKind === 'list' && field.listKind === 'scalar') return field.scalar;
  return undefined;
}

function fieldPlan(field: DescField, plans: Map<string, MessagePlan>): FieldPlan {
  if (field.fieldKind === 'map' || ('delimitedEncoding' in field && field.delimitedEncoding)) throw new Error(`scanTraceRequest does not read ${field.toString()}`);
  const child = field.fieldKind === 'message' || (field.fieldKind === 'list' && field.listKind === 'message') ? field.message : undefined;
  const scalar = scalarOf(field);
  const read = child ? MESSAGE : scalar === undefined ? VARINT : (READ_OF_SCALAR[scalar] ?? VARINT);
  return {
    read,
    packed: field.fieldKind === 'list' && read !== MESSAGE && read !== STRING && read !== BYTES,
    strictUtf8: read === STRING && field.utf8Validation,
    message: child ? messagePlan(child, plans) : undefined,
    role: NO_ROLE,
  };
}

/** The reading plan of a message, from its descriptor (so it follows the generated code). */
function messagePlan(desc: DescMessage, plans: Map<string, MessagePlan>): MessagePlan {
  const known = plans.get(desc.typeName);
  if (known) return known;
  const plan: MessagePlan = { fields: [] };
  plans.set(desc.typeName, plan); // before the fields: AnyValue and ArrayValue refer to each other
  const highest = Math.max(0, ...desc.fields.map((f) => f.number));
  const fields = Array.from({ length: highest + 1 }, (): FieldPlan | undefined => undefined);
  for (const field of desc.fields) fields[field.number] = fieldPlan(field, plans);
  plan.fields = fields;
  return plan;
}

function requestPlan(): MessagePlan {
  const plans = new Map<string, MessagePlan>();
  const plan = messagePlan(ExportTraceServiceRequestSchema, plans);
  const setRole = (desc: DescMessage, field: DescField, role: number) => {
    plans.get(desc.typeName)!.fields[field.number]!.role = role;
  };
  setRole(ScopeSpansSchema, ScopeSpansSchema.field.spans!, SPAN);
  setRole(SpanSchema, SpanSchema.field.traceId!, TRACE_ID);
  setRole(SpanSchema, SpanSchema.field.spanId!, SPAN_ID);
  setRole(SpanSchema, SpanSchema.field.parentSpanId!, PARENT_SPAN_ID);
  return plan;
}

const REQUEST_PLAN = requestPlan();

function isZero(buf: Uint8Array, start: number, length: number): boolean {
  for (let i = start; i < start + length; i++) if (buf[i] !== 0) return false;
  return true;
}

/** Strings of ASCII are checked here; the rest by Node's native validator (same verdict as TextDecoder's fatal mode). */
function isValidUtf8(buf: Uint8Array, start: number, end: number): boolean {
  if (end - start > 64) return isUtf8(buf.subarray(start, end));
  for (let i = start; i < end; i++) if (buf[i]! > 0x7f) return isUtf8(buf.subarray(i, end));
  return true;
}

/** One pass over the bytes; the current span's ids are kept as offsets into them. */
class TraceScanner {
  private readonly reader: BinaryReader;
  private readonly buf: Uint8Array;
  private fieldNo = 0;
  private wireType = 0;
  private traceIdAt = 0;
  private traceIdLength = 0;
  private spanIdAt = 0;
  private spanIdLength = 0;
  private parentIdLength = 0;
  private lastTraceIdAt = -1;
  readonly scan: TraceRequestScan = { spanCount: 0, validIds: [], invalidSpans: 0, traceIds: new Set() };

  constructor(bytes: Uint8Array) {
    this.buf = bytes;
    this.reader = new BinaryReader(bytes);
  }

  run(): TraceRequestScan {
    this.message(REQUEST_PLAN, this.buf.length, 1);
    return this.scan;
  }

  /** BinaryReader.tag() without its array, with the same checks. */
  private tag(): void {
    const reader = this.reader;
    const start = reader.pos;
    const tag = reader.uint32();
    const length = reader.pos - start;
    if (length > 5 || (length === 5 && this.buf[reader.pos - 1]! > 0x0f)) throw new Error('illegal tag: varint overflows uint32');
    this.fieldNo = tag >>> 3;
    this.wireType = tag & 7;
    if (this.fieldNo <= 0 || this.wireType > 5) throw new Error(`illegal tag: field no ${this.fieldNo} wire type ${this.wireType}`);
  }

  /** BinaryReader's own check (private there). */
  private assertBounds(): void {
    if (this.reader.pos > this.buf.length) throw new RangeError('premature EOF');
  }

  private message(plan: MessagePlan, end: number, depth: number): void {
    if (depth > RECURSION_LIMIT) throw new Error(`maximum recursion depth of ${RECURSION_LIMIT} reached`);
    const reader = this.reader;
    const fields = plan.fields;
    while (reader.pos < end) {
      this.tag();
      const field = this.fieldNo < fields.length ? fields[this.fieldNo] : undefined;
      if (field === undefined) reader.skip(this.wireType, this.fieldNo, RECURSION_LIMIT - depth);
      else if (field.packed && this.wireType === WireType.LengthDelimited) this.packed(field);
      else this.field(field, depth);
    }
  }

  private packed(field: FieldPlan): void {
    const reader = this.reader;
    const length = reader.uint32();
    const end = reader.pos + length;
    while (reader.pos < end) this.field(field, 0);
  }

  private field(field: FieldPlan, depth: number): void {
    const reader = this.reader;
    switch (field.read) {
      case VARINT:
        reader.uint32(); // reads the same bytes as the 64-bit and bool readers, and fails alike
        return;
      case FIXED32:
      case FIXED64:
        reader.pos += field.read === FIXED32 ? 4 : 8;
        this.assertBounds();
        return;
      case MESSAGE:
        this.child(field, depth);
        return;
      default:
        this.lengthDelimited(field);
    }
  }

  private child(field: FieldPlan, depth: number): void {
    const length = this.reader.uint32();
    const end = this.reader.pos + length;
    if (field.role === SPAN) this.traceIdLength = this.spanIdLength = this.parentIdLength = 0;
    this.message(field.message!, end, depth + 1);
    if (field.role === SPAN) this.endSpan();
  }

  private lengthDelimited(field: FieldPlan): void {
    const reader = this.reader;
    const length = reader.uint32();
    const start = reader.pos;
    reader.pos += length;
    this.assertBounds();
    if (field.strictUtf8 && !isValidUtf8(this.buf, start, reader.pos)) throw new TypeError('invalid UTF-8 in a string field');
    if (field.role === NO_ROLE) return;
    // A singular field seen twice keeps its last value, as in the decoded message.
    if (field.role === TRACE_ID) {
      this.traceIdAt = start;
      this.traceIdLength = length;
    } else if (field.role === SPAN_ID) {
      this.spanIdAt = start;
      this.spanIdLength = length;
    } else if (field.role === PARENT_SPAN_ID) this.parentIdLength = length;
  }

  /** Spans of one trace usually travel together: their id is turned to hex once. */
  private sameTraceAsLastSpan(): boolean {
    if (this.lastTraceIdAt < 0) return false;
    const buf = this.buf;
    for (let i = 0; i < 16; i++) if (buf[this.traceIdAt + i] !== buf[this.lastTraceIdAt + i]) return false;
    return true;
  }

  private endSpan(): void {
    const valid =
      this.traceIdLength === 16 &&
      !isZero(this.buf, this.traceIdAt, 16) &&
      this.spanIdLength === 8 &&
      !isZero(this.buf, this.spanIdAt, 8) &&
      (this.parentIdLength === 0 || this.parentIdLength === 8);
    const scan = this.scan;
    scan.spanCount += 1;
    scan.validIds.push(valid);
    if (!valid) scan.invalidSpans += 1;
    else if (!this.sameTraceAsLastSpan()) scan.traceIds.add(bytesToHex(this.buf.subarray(this.traceIdAt, this.traceIdAt + 16)));
    if (valid) this.lastTraceIdAt = this.traceIdAt;
  }
}

/**
 * Reads an OTLP/protobuf trace export body in one pass, without building its messages: how many
 * spans it holds, which have malformed ids, and its trace ids. It accepts exactly the bodies
 * {@link decodeTraceRequest} accepts (the same reader, the same reads per field, the same
 * recursion limit and UTF-8 checks), so a body it passes can be published as it is.
 *
 * @throws {ProtoDecodeError} code `invalid_protobuf` when the bytes are not a valid encoding.
 */
export function scanTraceRequest(bytes: Uint8Array): TraceRequestScan {
  try {
    return new TraceScanner(bytes).run();
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new ProtoDecodeError(`invalid OTLP protobuf ${ExportTraceServiceRequestSchema.typeName}: ${reason}`, { cause: err });
  }
}

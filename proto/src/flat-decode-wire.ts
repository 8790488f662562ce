import { isUtf8 } from 'node:buffer';
import { ScalarType, type DescField, type DescMessage } from '@bufbuild/protobuf';
import { BinaryReader, WireType } from '@bufbuild/protobuf/wire';
import { cachedAscii, MAX_CACHED_LENGTH } from './flat-decode-strings.js';

/**
 * The wire primitives of the flat decoder (flat-decode.ts). Every read mirrors what
 * protobuf-es' `fromBinary` does with the same bytes, quirks included, so both accept and
 * reject exactly the same inputs: a known field is read by its declared type whatever its
 * wire type says, a sub-message ends when the reader passes its declared end (not exactly
 * at it), lengths are only checked against the whole buffer, strings must be valid UTF-8,
 * and messages nest at most {@link RECURSION_LIMIT} deep. Strings, ids and bytes are read
 * straight off the input buffer, without the copies and arrays protobuf-es makes.
 */

/** protobuf-es' default `recursionLimit`: the request itself is depth 1. */
export const RECURSION_LIMIT = 100;

/** One decode's input: protobuf-es' reader for scalars, and the same bytes as a Buffer for text. */
export interface Wire {
  readonly reader: BinaryReader;
  readonly bytes: Uint8Array;
  readonly buffer: Buffer;
}

export function openWire(bytes: Uint8Array): Wire {
  return { reader: new BinaryReader(bytes), bytes, buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
}

/** Throws like protobuf-es when a message would nest deeper than the recursion limit. */
export function enterMessage(desc: DescMessage, depth: number): void {
  if (depth > RECURSION_LIMIT) throw new Error(`cannot decode ${String(desc)} from binary: maximum recursion depth of ${RECURSION_LIMIT} reached`);
}

/** A field tag (field number << 3 | wire type), with BinaryReader.tag()'s checks but no array per tag. */
export function readTag(wire: Wire): number {
  const reader = wire.reader;
  const start = reader.pos;
  const tag = reader.uint32();
  const bytesRead = reader.pos - start;
  if (bytesRead > 5 || (bytesRead === 5 && wire.bytes[reader.pos - 1]! > 0x0f)) throw new Error('illegal tag: varint overflows uint32');
  if (tag >>> 3 <= 0 || (tag & 7) > 5) throw new Error(`illegal tag: field no ${tag >>> 3} wire type ${tag & 7}`);
  return tag;
}

/** A fixed64 field; protobuf-es returns bigint wherever BigInt exists (every Node we run on). */
export function readFixed64(wire: Wire): bigint {
  return wire.reader.fixed64() as bigint;
}

/** An int64 varint field, as a bigint (see readFixed64). */
export function readInt64(wire: Wire): bigint {
  return wire.reader.int64() as bigint;
}

/** Moves past a length-delimited value and returns where it starts; its end is `reader.pos`. */
function delimited(wire: Wire): number {
  const reader = wire.reader;
  const length = reader.uint32();
  const start = reader.pos;
  reader.pos = start + length;
  if (reader.pos > reader.len) throw new RangeError('premature EOF');
  return start;
}

/** A string field, valid UTF-8 or an error (protobuf-es validates proto3 strings). */
export function readString(wire: Wire): string {
  const start = delimited(wire);
  const end = wire.reader.pos;
  if (end - start <= MAX_CACHED_LENGTH) {
    const ascii = cachedAscii(wire.bytes, wire.buffer, start, end);
    if (ascii !== undefined) return ascii;
  }
  const text = wire.buffer.toString('utf8', start, end);
  // Node replaces invalid sequences with U+FFFD; only then is a real check worth its cost.
  if (text.includes('\uFFFD') && !isUtf8(wire.bytes.subarray(start, end))) throw new TypeError('invalid UTF-8 in a string field');
  return text;
}

/** A bytes field as lowercase hex, read off the input without a copy. */
export function readHex(wire: Wire): string {
  const start = delimited(wire);
  return wire.buffer.toString('hex', start, wire.reader.pos);
}

/** A bytes field as base64, read off the input without a copy. */
export function readBase64(wire: Wire): string {
  const start = delimited(wire);
  return wire.buffer.toString('base64', start, wire.reader.pos);
}

/** The fields of each message type by number, built once from the generated descriptors. */
const fieldTables = new WeakMap<DescMessage, Map<number, DescField>>();

export function fieldsOf(desc: DescMessage): Map<number, DescField> {
  let fields = fieldTables.get(desc);
  if (fields === undefined) {
    fields = new Map(desc.fields.map((field) => [field.number, field]));
    fieldTables.set(desc, fields);
  }
  return fields;
}

/**
 * A field the caller does not keep: a known field is read by its declared type (so it is
 * validated as protobuf-es validates it), an unknown one skipped by its wire type.
 */
export function skipField(wire: Wire, fields: Map<number, DescField>, tag: number, depth: number): void {
  const field = fields.get(tag >>> 3);
  if (field === undefined) wire.reader.skip(tag & 7, tag >>> 3, RECURSION_LIMIT - depth);
  else skimField(wire, field, tag & 7, depth);
}

/** Reads and discards a whole message of type `desc`, `length` bytes long, at `depth`. */
export function skimMessage(wire: Wire, desc: DescMessage, length: number, depth: number): void {
  enterMessage(desc, depth);
  const reader = wire.reader;
  const fields = fieldsOf(desc);
  const end = reader.pos + length;
  while (reader.pos < end) skipField(wire, fields, readTag(wire), depth);
}

function skimField(wire: Wire, field: DescField, wireType: number, depth: number): void {
  switch (field.fieldKind) {
    case 'message':
      return skimMessage(wire, field.message, wire.reader.uint32(), depth + 1);
    case 'enum':
      wire.reader.int32();
      return;
    case 'scalar':
      return skimScalar(wire, field.scalar);
    case 'list':
      return skimListItem(wire, field, wireType, depth);
    case 'map':
      // No OTLP trace message has a map; refuse rather than guess protobuf-es' reading.
      throw new Error(`unexpected map field ${field.name}`);
  }
}

function skimListItem(wire: Wire, field: DescField & { fieldKind: 'list' }, wireType: number, depth: number): void {
  if (field.listKind === 'message') return skimMessage(wire, field.message, wire.reader.uint32(), depth + 1);
  const scalar = field.listKind === 'enum' ? ScalarType.INT32 : field.scalar;
  if (wireType === WireType.LengthDelimited && scalar !== ScalarType.STRING && scalar !== ScalarType.BYTES) {
    const reader = wire.reader;
    const end = reader.uint32() + reader.pos;
    while (reader.pos < end) skimScalar(wire, scalar);
    return;
  }
  skimScalar(wire, scalar);
}

function skimScalar(wire: Wire, scalar: ScalarType): void {
  const reader = wire.reader;
  switch (scalar) {
    case ScalarType.STRING: {
      const start = delimited(wire);
      if (!isUtf8(wire.bytes.subarray(start, reader.pos))) throw new TypeError('invalid UTF-8 in a string field');
      return;
    }
    case ScalarType.BYTES:
      delimited(wire);
      return;
    case ScalarType.BOOL:
      reader.bool();
      return;
    case ScalarType.DOUBLE:
      reader.double();
      return;
    case ScalarType.FLOAT:
      reader.float();
      return;
    case ScalarType.FIXED32:
    case ScalarType.SFIXED32:
      reader.fixed32();
      return;
    case ScalarType.FIXED64:
    case ScalarType.SFIXED64:
      reader.fixed64();
      return;
    case ScalarType.INT64:
    case ScalarType.UINT64:
    case ScalarType.SINT64:
      reader.int64();
      return;
    default:
      reader.uint32();
  }
}

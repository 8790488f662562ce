// Reads OTLP/JSON into protobuf-es messages in one walk over the document,
// driven by the message descriptors. OTLP/JSON is proto3 JSON except that trace
// and span ids are hex, enums may be integers and unknown fields are ignored.
import { create, ScalarType } from '@bufbuild/protobuf';
import type { DescEnum, DescField, DescMessage, MessageShape } from '@bufbuild/protobuf';
import { base64Decode } from '@bufbuild/protobuf/wire';
import { OtlpJsonError } from './errors.js';
import { hexToBytes } from './hex.js';

/** Bytes fields that OTLP/JSON writes as hex instead of base64, with their length in bytes. */
export const HEX_ID_FIELDS: ReadonlyMap<string, number> = new Map([
  ['trace_id', 16],
  ['span_id', 8],
  ['parent_span_id', 8],
]);

type JsonRecord = Record<string, unknown>;
type ValueReader = (json: unknown) => unknown;
interface FieldReader {
  readonly field: DescField;
  readonly read: ValueReader;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;
const DECIMAL_INTEGER = /^-?\d+$/;

/**
 * Builds the message `schema` describes from parsed OTLP/JSON. Keys may be
 * lowerCamelCase or the proto's snake_case; unknown keys and `null` values are
 * skipped. Throws {@link OtlpJsonError} naming the path of the first bad value.
 */
export function readOtlpJsonMessage<Desc extends DescMessage>(schema: Desc, json: unknown): MessageShape<Desc> {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new OtlpJsonError(`expected an object, got ${preview(json)}`);
  }
  const readers = fieldReaders(schema);
  const message = create(schema) as unknown as JsonRecord;
  for (const key of Object.keys(json)) {
    const reader = readers.get(key);
    const value = (json as JsonRecord)[key];
    if (reader === undefined || value === null) continue;
    try {
      assign(message, reader.field, reader.read(value));
    } catch (err) {
      throw err instanceof OtlpJsonError ? err.withParent(reader.field.jsonName) : err;
    }
  }
  return message as unknown as MessageShape<Desc>;
}

function assign(message: JsonRecord, field: DescField, value: unknown): void {
  const oneof = field.oneof;
  if (oneof === undefined) {
    message[field.localName] = value;
    return;
  }
  const current = (message[oneof.localName] as { case: string | undefined }).case;
  if (current !== undefined && current !== field.localName) {
    throw new OtlpJsonError(`only one of the "${oneof.name}" fields may be set, also got ${current}`);
  }
  message[oneof.localName] = { case: field.localName, value };
}

const readersByMessage = new WeakMap<DescMessage, Map<string, FieldReader>>();

/** The readers of a message's fields by JSON name and proto name, compiled once per message type. */
function fieldReaders(schema: DescMessage): Map<string, FieldReader> {
  let readers = readersByMessage.get(schema);
  if (readers === undefined) {
    readers = new Map();
    for (const field of schema.fields) {
      const reader = { field, read: valueReader(field) };
      readers.set(field.jsonName, reader);
      readers.set(field.name, reader);
    }
    readersByMessage.set(schema, readers);
  }
  return readers;
}

function valueReader(field: DescField): ValueReader {
  switch (field.fieldKind) {
    case 'scalar':
      return scalarReader(field.scalar, field.name);
    case 'enum':
      return enumReader(field.enum);
    case 'message':
      return messageReader(field.message);
    case 'list':
      if (field.listKind === 'scalar') return listReader(scalarReader(field.scalar, field.name));
      return listReader(field.listKind === 'enum' ? enumReader(field.enum) : messageReader(field.message));
    case 'map':
      throw new Error(`map field ${field.toString()} is not supported: OTLP has none`);
  }
}

function messageReader(schema: DescMessage): ValueReader {
  return (json) => readOtlpJsonMessage(schema, json);
}

function listReader(readElement: ValueReader): ValueReader {
  return (json) => {
    if (!Array.isArray(json)) throw new OtlpJsonError(`expected an array, got ${preview(json)}`);
    const list = new Array<unknown>(json.length);
    for (let i = 0; i < json.length; i++) {
      try {
        list[i] = readElement(json[i]);
      } catch (err) {
        throw err instanceof OtlpJsonError ? err.withParent(`[${i}]`) : err;
      }
    }
    return list;
  };
}

function scalarReader(scalar: ScalarType, fieldName: string): ValueReader {
  switch (scalar) {
    case ScalarType.STRING:
      return readString;
    case ScalarType.BOOL:
      return readBool;
    case ScalarType.DOUBLE:
    case ScalarType.FLOAT:
      return readFloat;
    case ScalarType.INT32:
    case ScalarType.SINT32:
    case ScalarType.SFIXED32:
      return (json) => readInt32(json, -(2 ** 31), 2 ** 31 - 1);
    case ScalarType.UINT32:
    case ScalarType.FIXED32:
      return (json) => readInt32(json, 0, 2 ** 32 - 1);
    case ScalarType.INT64:
    case ScalarType.SINT64:
    case ScalarType.SFIXED64:
      return (json) => readInt64(json, INT64_MIN, INT64_MAX);
    case ScalarType.UINT64:
    case ScalarType.FIXED64:
      return (json) => readInt64(json, 0n, UINT64_MAX);
    case ScalarType.BYTES: {
      const idLength = HEX_ID_FIELDS.get(fieldName);
      return idLength === undefined ? readBase64 : (json) => readHexId(json, idLength);
    }
  }
}

function readString(json: unknown): string {
  if (typeof json !== 'string') throw new OtlpJsonError(`expected a string, got ${preview(json)}`);
  return json;
}

function readBool(json: unknown): boolean {
  if (typeof json !== 'boolean') throw new OtlpJsonError(`expected true or false, got ${preview(json)}`);
  return json;
}

const SPECIAL_FLOATS: ReadonlyMap<string, number> = new Map([
  ['NaN', NaN],
  ['Infinity', Infinity],
  ['-Infinity', -Infinity],
]);

function readFloat(json: unknown): number {
  if (typeof json === 'number') return json;
  if (typeof json === 'string') {
    const special = SPECIAL_FLOATS.get(json);
    if (special !== undefined) return special;
    const value = json.trim() === '' ? NaN : Number(json);
    if (Number.isFinite(value)) return value;
  }
  throw new OtlpJsonError(`expected a number, got ${preview(json)}`);
}

function readInt32(json: unknown, min: number, max: number): number {
  const value = typeof json === 'string' && DECIMAL_INTEGER.test(json) ? Number(json) : json;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new OtlpJsonError(`expected an integer, got ${preview(json)}`);
  }
  if (value < min || value > max) throw new OtlpJsonError(`${value} is out of range [${min}, ${max}]`);
  return value;
}

/** 64-bit integers come as decimal strings (proto3 JSON) or as numbers (many OTLP/JSON senders). */
function readInt64(json: unknown, min: bigint, max: bigint): bigint {
  let value: bigint;
  if (typeof json === 'number' && Number.isInteger(json)) value = BigInt(json);
  else if (typeof json === 'string' && DECIMAL_INTEGER.test(json)) value = BigInt(json);
  else throw new OtlpJsonError(`expected an integer as a number or a decimal string, got ${preview(json)}`);
  if (value < min || value > max) throw new OtlpJsonError(`${value} is out of range [${min}, ${max}]`);
  return value;
}

function readBase64(json: unknown): Uint8Array {
  if (typeof json !== 'string') throw new OtlpJsonError(`expected a base64 string, got ${preview(json)}`);
  try {
    return base64Decode(json);
  } catch (err) {
    throw new OtlpJsonError(`expected a base64 string, got ${preview(json)}`, '', { cause: err });
  }
}

/** Ids are hex of an exact length; an empty string is an absent id (a root span's parent). */
function readHexId(json: unknown, byteLength: number): Uint8Array {
  if (typeof json !== 'string') throw new OtlpJsonError(`expected a hex id string, got ${preview(json)}`);
  if (json.length === 0) return new Uint8Array(0);
  if (json.length !== byteLength * 2) {
    throw new OtlpJsonError(`expected ${byteLength * 2} hex characters, got ${json.length} in ${preview(json)}`);
  }
  const bytes = hexToBytes(json);
  if (bytes === undefined) throw new OtlpJsonError(`expected hex characters only, got ${preview(json)}`);
  return bytes;
}

const numbersByEnum = new WeakMap<DescEnum, Map<string, number>>();

/** Enums as integers (what OTLP/JSON requires) or as value names (what proto3 JSON writes). */
function enumReader(schema: DescEnum): ValueReader {
  let byName = numbersByEnum.get(schema);
  if (byName === undefined) {
    byName = new Map(schema.values.map((value) => [value.name, value.number]));
    numbersByEnum.set(schema, byName);
  }
  const numbers = byName;
  return (json) => {
    if (typeof json === 'number' && Number.isInteger(json) && json >= -(2 ** 31) && json < 2 ** 31) return json;
    const number = typeof json === 'string' ? numbers.get(json) : undefined;
    if (number === undefined) throw new OtlpJsonError(`expected a ${schema.name} number or name, got ${preview(json)}`);
    return number;
  };
}

/** A short rendering of a bad value for error messages. */
function preview(json: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(json) ?? String(json);
  } catch {
    text = typeof json === 'bigint' ? `${json}n` : Object.prototype.toString.call(json);
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

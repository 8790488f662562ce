// Writes protobuf-es messages as OTLP/JSON in one walk, driven by the message
// descriptors: lowerCamelCase keys, hex trace/span ids, enums as integers,
// 64-bit integers as decimal strings, default values omitted.
import { ScalarType } from '@bufbuild/protobuf';
import type { DescField, DescMessage, JsonObject, JsonValue, MessageShape } from '@bufbuild/protobuf';
import { base64Encode } from '@bufbuild/protobuf/wire';
import { bytesToHex } from './hex.js';
import { HEX_ID_FIELDS } from './otlp-json-reader.js';

type ValueWriter = (value: never) => JsonValue;
interface FieldWriter {
  readonly field: DescField;
  readonly write: ValueWriter;
}

/** The OTLP/JSON object of a message; `JSON.stringify` it to send. */
export function writeOtlpJsonMessage<Desc extends DescMessage>(schema: Desc, message: MessageShape<Desc>): JsonObject {
  const json: JsonObject = {};
  const record = message as unknown as Record<string, unknown>;
  for (const { field, write } of fieldWriters(schema)) {
    const value = presentValue(record, field);
    if (value !== undefined) json[field.jsonName] = write(value as never);
  }
  return json;
}

/** The field's value, or `undefined` when proto3 JSON leaves it out (unset or default). */
function presentValue(message: Record<string, unknown>, field: DescField): unknown {
  if (field.oneof !== undefined) {
    const oneof = message[field.oneof.localName] as { case: string | undefined; value?: unknown };
    return oneof.case === field.localName ? oneof.value : undefined;
  }
  const value = message[field.localName];
  const isDefault =
    value === undefined ||
    value === 0 ||
    value === 0n ||
    value === '' ||
    value === false ||
    ((Array.isArray(value) || value instanceof Uint8Array) && value.length === 0);
  return isDefault ? undefined : value;
}

const writersByMessage = new WeakMap<DescMessage, FieldWriter[]>();

function fieldWriters(schema: DescMessage): FieldWriter[] {
  let writers = writersByMessage.get(schema);
  if (writers === undefined) {
    writers = schema.fields.map((field) => ({ field, write: valueWriter(field) }));
    writersByMessage.set(schema, writers);
  }
  return writers;
}

function valueWriter(field: DescField): ValueWriter {
  switch (field.fieldKind) {
    case 'scalar':
      return scalarWriter(field.scalar, field.name);
    case 'enum':
      return writeAsIs;
    case 'message':
      return messageWriter(field.message);
    case 'list': {
      const writeElement =
        field.listKind === 'scalar'
          ? scalarWriter(field.scalar, field.name)
          : field.listKind === 'enum'
            ? writeAsIs
            : messageWriter(field.message);
      return (list: unknown[]) => list.map((element) => writeElement(element as never));
    }
    case 'map':
      throw new Error(`map field ${field.toString()} is not supported: OTLP has none`);
  }
}

function messageWriter(schema: DescMessage): ValueWriter {
  return (message: MessageShape<DescMessage>) => writeOtlpJsonMessage(schema, message);
}

function scalarWriter(scalar: ScalarType, fieldName: string): ValueWriter {
  switch (scalar) {
    case ScalarType.INT64:
    case ScalarType.SINT64:
    case ScalarType.SFIXED64:
    case ScalarType.UINT64:
    case ScalarType.FIXED64:
      return (value: bigint | string) => value.toString();
    case ScalarType.DOUBLE:
    case ScalarType.FLOAT:
      return writeFloat;
    case ScalarType.BYTES:
      return HEX_ID_FIELDS.has(fieldName) ? bytesToHex : (value: Uint8Array) => base64Encode(value);
    default:
      return writeAsIs;
  }
}

function writeAsIs(value: string | number | boolean): JsonValue {
  return value;
}

/** JSON has no NaN or infinities; proto3 JSON spells them as strings. */
function writeFloat(value: number): JsonValue {
  if (Number.isFinite(value)) return value;
  return Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
}

import { storableString, type AttributeValue, type Attributes } from '@lumina/core';
import { AnyValueSchema, ArrayValueSchema, KeyValueListSchema, KeyValueSchema } from './gen/opentelemetry/proto/common/v1/common_pb.js';
import { enterMessage, fieldsOf, readBase64, readInt64, readString, readTag, skipField, type Wire } from './flat-decode-wire.js';

/**
 * OTLP KeyValue / AnyValue on the wire → core's attributes, with the rules of attributes.ts
 * (storable strings, int64 beyond 2^53 as a decimal string, non-finite doubles as strings,
 * bytes as base64, a repeated key keeps its last value), read without building messages.
 *
 * A singular message field that repeats is merged by protobuf-es, not replaced: a KeyValue
 * whose `value` comes twice, or an AnyValue whose `array_value` comes twice, ends with the
 * values of both. Here the value read so far is passed in and extended the same way: an
 * array is only ever an array_value, a plain object only ever a kvlist_value.
 */

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);

const KEY_VALUE_FIELDS = fieldsOf(KeyValueSchema);
const ANY_VALUE_FIELDS = fieldsOf(AnyValueSchema);
const LIST_FIELDS = fieldsOf(ArrayValueSchema);
const KVLIST_FIELDS = fieldsOf(KeyValueListSchema);

/** AnyValue's field numbers (common.proto), one per case of its `value` oneof. */
const AnyValueField = { String: 1, Bool: 2, Int: 3, Double: 4, Array: 5, KvList: 6, Bytes: 7 } as const;

/** One KeyValue message, `length` bytes at `depth`, stored into `attributes` as `key: value`. */
export function readKeyValueInto(wire: Wire, length: number, depth: number, attributes: Attributes): void {
  enterMessage(KeyValueSchema, depth);
  const reader = wire.reader;
  const end = reader.pos + length;
  let key = '';
  let value: AttributeValue = null;
  while (reader.pos < end) {
    const tag = readTag(wire);
    if (tag >>> 3 === 1) key = readString(wire);
    else if (tag >>> 3 === 2) value = readAnyValue(wire, reader.uint32(), depth + 1, value);
    else skipField(wire, KEY_VALUE_FIELDS, tag, depth);
  }
  attributes[storableString(key)] = value;
}

/** One AnyValue message as JSON; `current` is the value a repeated occurrence merges into (null for none). */
function readAnyValue(wire: Wire, length: number, depth: number, current: AttributeValue): AttributeValue {
  enterMessage(AnyValueSchema, depth);
  const reader = wire.reader;
  const end = reader.pos + length;
  let value = current;
  while (reader.pos < end) {
    const tag = readTag(wire);
    switch (tag >>> 3) {
      case AnyValueField.String:
        value = storableString(readString(wire));
        break;
      case AnyValueField.Bool:
        value = reader.bool();
        break;
      case AnyValueField.Int:
        value = int64Json(readInt64(wire));
        break;
      case AnyValueField.Double:
        value = doubleJson(reader.double());
        break;
      case AnyValueField.Array:
        value = readArrayValue(wire, reader.uint32(), depth + 1, Array.isArray(value) ? value : []);
        break;
      case AnyValueField.KvList:
        value = readKeyValueList(wire, reader.uint32(), depth + 1, isKvList(value) ? value : {});
        break;
      case AnyValueField.Bytes:
        value = readBase64(wire);
        break;
      default:
        skipField(wire, ANY_VALUE_FIELDS, tag, depth);
    }
  }
  return value;
}

function isKvList(value: AttributeValue): value is Attributes {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function int64Json(value: bigint): number | string {
  return value <= MAX_SAFE && value >= MIN_SAFE ? Number(value) : value.toString();
}

function doubleJson(value: number): number | string {
  return Number.isFinite(value) ? value : String(value);
}

function readArrayValue(wire: Wire, length: number, depth: number, values: AttributeValue[]): AttributeValue[] {
  enterMessage(ArrayValueSchema, depth);
  const reader = wire.reader;
  const end = reader.pos + length;
  while (reader.pos < end) {
    const tag = readTag(wire);
    if (tag >>> 3 === 1) values.push(readAnyValue(wire, reader.uint32(), depth + 1, null));
    else skipField(wire, LIST_FIELDS, tag, depth);
  }
  return values;
}

function readKeyValueList(wire: Wire, length: number, depth: number, attributes: Attributes): Attributes {
  enterMessage(KeyValueListSchema, depth);
  const reader = wire.reader;
  const end = reader.pos + length;
  while (reader.pos < end) {
    const tag = readTag(wire);
    if (tag >>> 3 === 1) readKeyValueInto(wire, reader.uint32(), depth + 1, attributes);
    else skipField(wire, KVLIST_FIELDS, tag, depth);
  }
  return attributes;
}

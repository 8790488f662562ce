import type { AttributeValue, Attributes } from '@lumina/core';
import type { AnyValue, KeyValue } from '@lumina/proto';

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);

/**
 * Makes a string storable in Postgres text/jsonb: no NUL characters, no lone surrogates.
 * Both are rare, and cheap to test for.
 */
export function storableString(value: string): string {
  const noNul = value.includes('\0') ? value.replaceAll('\0', '') : value;
  return noNul.isWellFormed() ? noNul : noNul.toWellFormed();
}

/** An OTLP AnyValue as plain JSON data; int64 beyond 2^53 becomes a decimal string, bytes base64. */
export function anyValueToJson(value: AnyValue | undefined): AttributeValue {
  const v = value?.value;
  switch (v?.case) {
    case 'stringValue':
      return storableString(v.value);
    case 'boolValue':
      return v.value;
    case 'intValue':
      return v.value <= MAX_SAFE && v.value >= MIN_SAFE ? Number(v.value) : v.value.toString();
    case 'doubleValue':
      return Number.isFinite(v.value) ? v.value : String(v.value);
    case 'arrayValue':
      return v.value.values.map(anyValueToJson);
    case 'kvlistValue':
      return keyValuesToAttributes(v.value.values);
    case 'bytesValue':
      return Buffer.from(v.value).toString('base64');
    default:
      return null;
  }
}

/** OTLP key/value pairs as an attribute object; a repeated key keeps its last value. */
export function keyValuesToAttributes(pairs: KeyValue[]): Attributes {
  const attributes: Attributes = {};
  for (const pair of pairs) attributes[storableString(pair.key)] = anyValueToJson(pair.value);
  return attributes;
}

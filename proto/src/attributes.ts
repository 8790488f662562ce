import { storableString, type AttributeValue, type Attributes } from '@lumina/core';
import type { AnyValue, KeyValue } from './gen/opentelemetry/proto/common/v1/common_pb.js';

/**
 * OTLP attributes ⇄ plain JSON attributes (core's `Attributes`), written once: the processors
 * read OTLP into attributes to store them; exports write stored attributes back as OTLP/JSON.
 */

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);

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

/** An AnyValue in OTLP/JSON form (int64 as a decimal string). */
export type AnyValueJson =
  | { stringValue: string }
  | { boolValue: boolean }
  | { intValue: string }
  | { doubleValue: number }
  | { arrayValue: { values: AnyValueJson[] } }
  | { kvlistValue: { values: KeyValueJson[] } };

export interface KeyValueJson {
  key: string;
  value: AnyValueJson;
}

/** A plain JSON value as an OTLP/JSON AnyValue; null and undefined have none. */
export function jsonToAnyValueJson(value: unknown): AnyValueJson | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return { stringValue: value };
  if (typeof value === 'boolean') return { boolValue: value };
  if (typeof value === 'number') return Number.isInteger(value) ? { intValue: String(value) } : { doubleValue: value };
  if (Array.isArray(value)) return { arrayValue: { values: value.map(jsonToAnyValueJson).filter((item): item is AnyValueJson => item !== null) } };
  if (typeof value === 'object') return { kvlistValue: { values: attributesToKeyValuesJson(value as Record<string, unknown>) } };
  return { stringValue: String(value) };
}

/** An attribute object as OTLP/JSON key/value pairs (null values left out). */
export function attributesToKeyValuesJson(attributes: Record<string, unknown>): KeyValueJson[] {
  return Object.entries(attributes).flatMap(([key, raw]) => {
    const value = jsonToAnyValueJson(raw);
    return value === null ? [] : [{ key, value }];
  });
}

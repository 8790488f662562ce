/**
 * Coercion of raw attribute values into the shapes of the canonical fields.
 * Instrumentations disagree on types (tokens as int, double or numeric string;
 * tags as arrays or JSON strings), so every reader goes through these.
 */
import type { AttributeValue } from '../span.js';

/** An attribute value that is a JSON object (OTLP kvlist, or parsed JSON). */
export type AttributeRecord = { [key: string]: AttributeValue };

/** True for plain objects (not arrays, not null). */
export function isRecord(value: AttributeValue | undefined): value is AttributeRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Parses a string that looks like a JSON array or object; anything else, and
 * strings that fail to parse, come back unchanged. Content attributes are
 * "usually JSON", so a parse failure means "plain text", not an error.
 */
export function parseJsonLoose(value: AttributeValue | undefined): AttributeValue | undefined {
  if (typeof value !== 'string') return value;
  const head = value.trimStart().charCodeAt(0);
  if (head !== 0x5b /* [ */ && head !== 0x7b /* { */) return value;
  try {
    return JSON.parse(value) as AttributeValue;
  } catch {
    return value;
  }
}

/** A short identifier-like text (model, provider, ids): trimmed, never empty. */
export function asText(value: AttributeValue | undefined): string | null {
  if (typeof value === 'string') {
    const trimmed = value.trim();
    return trimmed === '' ? null : trimmed;
  }
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

/** A free text (prompt, response): kept verbatim; structured values as JSON. */
export function asFreeText(value: AttributeValue | undefined): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value.trim() === '' ? null : value;
  return JSON.stringify(value);
}

/** A non-negative finite number from a number or a numeric string. */
export function asNonNegativeNumber(value: AttributeValue | undefined): number | null {
  let n: number;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'string' && value.trim() !== '') n = Number(value);
  else return null;
  return Number.isFinite(n) && n >= 0 ? n : null;
}

/** The largest token count stored (the columns are Postgres `integer`); no real call comes near it. */
export const MAX_TOKEN_COUNT = 2_147_483_647;

/** A token count: a non-negative integer (doubles are rounded); none past MAX_TOKEN_COUNT, which cannot be a real count. */
export function asCount(value: AttributeValue | undefined): number | null {
  const n = asNonNegativeNumber(value);
  if (n === null) return null;
  const count = Math.round(n);
  return count <= MAX_TOKEN_COUNT ? count : null;
}

/**
 * Tags from an array, a JSON array in a string, or one plain string (one tag;
 * commas are not split, a tag may contain one). Trimmed, deduplicated in order;
 * null when nothing usable is left, so the next source can answer.
 */
export function asTags(value: AttributeValue | undefined): string[] | null {
  const parsed = parseJsonLoose(value);
  const items = Array.isArray(parsed) ? parsed : [parsed];
  const tags = new Set<string>();
  for (const item of items) {
    const tag = asText(item);
    if (tag !== null) tags.add(tag);
  }
  return tags.size === 0 ? null : [...tags];
}

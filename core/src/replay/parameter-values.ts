/** Coercion of recorded request parameters (numbers, stop lists, response formats) into request.ts shapes. */
import type { AttributeValue } from '../span.js';
import { asText, isRecord, parseJsonLoose } from '../normalize/values.js';
import type { ResponseFormat } from './request.js';

/** A finite number from a number or a numeric string (penalties may be negative). */
export function asFiniteNumber(value: AttributeValue | undefined): number | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isFinite(n) ? n : null;
}

/** A positive whole number (token limits). */
export function asPositiveCount(value: AttributeValue | undefined): number | null {
  const n = asFiniteNumber(value);
  return n !== null && n >= 1 ? Math.round(n) : null;
}

/** A whole number (seeds). */
export function asInteger(value: AttributeValue | undefined): number | null {
  const n = asFiniteNumber(value);
  return n !== null && Number.isInteger(n) ? n : null;
}

/** Stop sequences: an array, a JSON array in a string, or one plain string. Empty strings are dropped. */
export function asStopSequences(value: AttributeValue | undefined): string[] | null {
  const parsed = parseJsonLoose(value);
  const items = Array.isArray(parsed) ? parsed : [parsed];
  const sequences = items.filter((item): item is string => typeof item === 'string' && item !== '');
  return sequences.length === 0 ? null : sequences;
}

/** A schema name as OpenAI accepts it: `[A-Za-z0-9_-]{1,64}`. */
function schemaName(name: unknown): string {
  const cleaned = typeof name === 'string' ? name.replace(/[^A-Za-z0-9_-]+/g, '_').slice(0, 64) : '';
  return cleaned === '' ? 'response' : cleaned;
}

function jsonSchemaFormat(schema: { [key: string]: unknown }, name: unknown, strict?: unknown): ResponseFormat {
  const format: ResponseFormat = { type: 'json_schema', name: schemaName(name), schema };
  return typeof strict === 'boolean' ? { ...format, strict } : format;
}

/**
 * A response format: OpenAI's `response_format` object (`{type:"json_schema",
 * json_schema:{name, schema, strict}}`, `{type:"json_object"}`, `{type:"text"}`),
 * a bare JSON Schema (OpenLLMetry `gen_ai.request.structured_output_schema`,
 * Vercel `ai.schema`), or a word (`json`, `json_object`, `text`: semconv
 * `gen_ai.output.type` and the older `gen_ai.openai.request.response_format`).
 */
export function asResponseFormat(value: AttributeValue | undefined): ResponseFormat | null {
  const parsed = parseJsonLoose(value);
  const word = asText(parsed)?.toLowerCase();
  if (word === 'json' || word === 'json_object') return { type: 'json_object' };
  if (word === 'text') return { type: 'text' };
  if (!isRecord(parsed)) return null;
  if (parsed.type === 'json_schema' && isRecord(parsed.json_schema)) {
    const spec = parsed.json_schema;
    return isRecord(spec.schema) ? jsonSchemaFormat(spec.schema, spec.name, spec.strict) : { type: 'json_object' };
  }
  if (parsed.type === 'json_object') return { type: 'json_object' };
  if (parsed.type === 'text') return { type: 'text' };
  // Anything else that is an object is taken for the schema itself.
  return jsonSchemaFormat(parsed, parsed.title);
}

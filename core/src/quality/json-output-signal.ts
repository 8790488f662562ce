import type { Attributes, AttributeValue, QualitySignal } from '../span.js';

/**
 * Attributes that say a call asked for JSON output, as data: the key and which values mean
 * "JSON" (`true`: any value that is present and not false/empty). Decided from what the
 * instrumentations emit:
 * - `gen_ai.output.type` = `json` (OpenTelemetry gen_ai semconv, current);
 * - `gen_ai.openai.request.response_format` / `gen_ai.request.response_format` = `json_object`
 *   or `json_schema` (older semconv and several instrumentations);
 * - `gen_ai.request.structured_output_schema` present (OpenLLMetry structured outputs);
 * - `llm.invocation_parameters` (OpenInference, a JSON string) with `response_format.type`
 *   `json_object`/`json_schema`, or `response_mime_type` `application/json` (Gemini);
 * - `ai.settings.output` = `object`/`array`, or `ai.settings.mode` = `json` (Vercel AI SDK
 *   generateObject/streamObject);
 * - `response_format` = `json`/`json_object`/`json_schema` (Lumina's own plain attributes).
 */
export const JSON_REQUEST_ATTRIBUTES: ReadonlyArray<{ key: string; values: readonly string[] | true }> = [
  { key: 'gen_ai.output.type', values: ['json'] },
  { key: 'gen_ai.openai.request.response_format', values: ['json_object', 'json_schema', 'json'] },
  { key: 'gen_ai.request.response_format', values: ['json_object', 'json_schema', 'json'] },
  { key: 'gen_ai.request.structured_output_schema', values: true },
  { key: 'ai.settings.output', values: ['object', 'array'] },
  { key: 'ai.settings.mode', values: ['json'] },
  { key: 'response_format', values: ['json', 'json_object', 'json_schema'] },
];

const JSON_FORMAT_TYPES = new Set(['json_object', 'json_schema', 'json']);

/** A response_format given as a string or as `{ type }`. */
function formatType(value: AttributeValue | undefined): string | null {
  if (typeof value === 'string') return value.toLowerCase();
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && typeof value.type === 'string') return value.type.toLowerCase();
  return null;
}

/** OpenInference's invocation parameters (a JSON string or an object) asking for JSON. */
function invocationAsksJson(value: AttributeValue | undefined): boolean {
  let params: AttributeValue | undefined = value;
  if (typeof value === 'string') {
    if (!value.includes('json')) return false;
    try {
      params = JSON.parse(value) as AttributeValue;
    } catch {
      return false;
    }
  }
  if (params === null || typeof params !== 'object' || Array.isArray(params)) return false;
  const type = formatType(params.response_format);
  if (type !== null && JSON_FORMAT_TYPES.has(type)) return true;
  return typeof params.response_mime_type === 'string' && params.response_mime_type.toLowerCase() === 'application/json';
}

/** True when the span's attributes say the call asked for JSON output (see {@link JSON_REQUEST_ATTRIBUTES}). */
export function expectsJsonOutput(attributes: Attributes): boolean {
  for (const { key, values } of JSON_REQUEST_ATTRIBUTES) {
    const value = attributes[key];
    if (value === undefined || value === null || value === false || value === '') continue;
    if (values === true) return true;
    const type = formatType(value);
    if (type !== null && values.includes(type)) return true;
  }
  return invocationAsksJson(attributes['llm.invocation_parameters']);
}

/** One fenced block ("```json … ```"), as models often wrap JSON. */
const FENCED_BLOCK = /^```[^\n`]*\n([\s\S]*?)\n?```$/;

/** True when the text (optionally in one Markdown code fence) parses as JSON. */
export function isJsonText(text: string): boolean {
  const trimmed = text.trim();
  const body = (FENCED_BLOCK.exec(trimmed)?.[1] ?? trimmed).trim();
  if (body === '') return false;
  try {
    JSON.parse(body);
    return true;
  } catch {
    return false;
  }
}

export const MALFORMED_JSON_SCORE = 0.1;

/**
 * The structured-output signal: when JSON was asked for, 1 if the response parses as JSON and
 * {@link MALFORMED_JSON_SCORE} if not; null when JSON was not asked for or there is no text
 * (the empty-response signal judges that).
 */
export function jsonOutputSignal(response: string | null, jsonExpected: boolean): QualitySignal | null {
  if (!jsonExpected || response === null || response.trim() === '') return null;
  return isJsonText(response) ? { score: 1, detail: 'json' } : { score: MALFORMED_JSON_SCORE, detail: 'malformed_json' };
}

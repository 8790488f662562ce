/**
 * The form two responses are compared in. Differences that do not change what a
 * response says are removed: Unicode composition, line endings, runs of
 * whitespace, and, for JSON answers, key order and formatting (also inside one
 * Markdown code fence, the way models often wrap JSON).
 */

/** A single fenced block: "```json\n…\n```" (any info string), nothing around it. */
const FENCED_BLOCK = /^```[^\n`]*\n([\s\S]*?)\n?```$/;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function sortedKeys(value: Json): Json {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value === null || typeof value !== 'object') return value;
  const sorted: { [key: string]: Json } = {};
  for (const key of Object.keys(value).sort()) sorted[key] = sortedKeys(value[key] as Json);
  return sorted;
}

/**
 * The JSON object or array in `text` (optionally fenced), re-serialized with
 * sorted keys (compact, or indented by `indent` spaces); null when it is not JSON.
 */
export function canonicalJson(text: string, indent = 0): string | null {
  const trimmed = text.trim();
  const body = (FENCED_BLOCK.exec(trimmed)?.[1] ?? trimmed).trim();
  const head = body.charCodeAt(0);
  if (head !== 0x7b /* { */ && head !== 0x5b /* [ */) return null;
  try {
    return JSON.stringify(sortedKeys(JSON.parse(body) as Json), null, indent);
  } catch {
    return null;
  }
}

/**
 * The comparable form of a response: canonical JSON when the whole response is
 * a JSON object or array, else the NFC text with every whitespace run collapsed
 * to one space and the ends trimmed. Case and punctuation are kept: they can
 * change meaning. Null and empty responses give ''.
 */
export function comparableText(text: string | null | undefined): string {
  if (text === null || text === undefined) return '';
  const json = canonicalJson(text);
  if (json !== null) return json;
  return text.normalize('NFC').replace(/\s+/gu, ' ').trim();
}

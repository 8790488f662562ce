/**
 * Postgres COPY text format: one line per row, tab-separated, `\N` for null, with backslash,
 * newline, carriage return and tab escaped. Cheaper for Postgres to parse than JSON.
 */
const NEEDS_ESCAPE = /[\\\n\r\t]/;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeText(value: string): string {
  return NEEDS_ESCAPE.test(value) ? value.replace(/[\\\n\r\t]/g, (c) => ESCAPES[c]!) : value;
}

/** A text[] literal: every element double-quoted, with `"` and `\` escaped inside. */
function arrayLiteral(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}

export type CopyValue = string | number | boolean | null | readonly string[] | object;

/** One field: strings as text, arrays as text[], other objects as JSON (for jsonb columns). */
export function copyField(value: CopyValue): string {
  if (value === null) return '\\N';
  if (typeof value === 'string') return escapeText(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '\\N';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (Array.isArray(value)) return escapeText(arrayLiteral(value as string[]));
  return escapeText(JSON.stringify(value));
}

/** One row as a COPY text line, newline included. */
export function copyLine(fields: readonly CopyValue[]): string {
  let line = '';
  for (let i = 0; i < fields.length; i += 1) line += (i === 0 ? '' : '\t') + copyField(fields[i]!);
  return `${line}\n`;
}

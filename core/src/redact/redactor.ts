import type { AttributeValue, Attributes } from '../span.js';
import { DEFAULT_REDACTION_PATTERNS, type RedactionPattern } from './patterns.js';

/** How many values of each kind were redacted, e.g. `{ email: 2, card_number: 1 }`. */
export type RedactionCounts = Record<string, number>;

export interface RedactorOptions {
  /** kinds of the default patterns to leave alone */
  disabledKinds?: readonly string[];
  /** further patterns, e.g. a project's own (`{ kind: 'employee_id', pattern: /EMP-\d{6}/g }`) */
  extraPatterns?: readonly RedactionPattern[];
}

export interface Redactor {
  /** The text with every match replaced by `[REDACTED:<kind>]`, counting into `counts`. */
  text(value: string, counts: RedactionCounts): string;
  /** Attribute values (nested too) redacted the same way; keys are kept. */
  attributes(attributes: Attributes, counts: RedactionCounts): Attributes;
}

/** A marker that cannot be matched again by any pattern (no digits, no @). */
const marker = (kind: string) => `[REDACTED:${kind}]`;

/**
 * Builds a redactor over the default patterns minus the disabled kinds, plus extra ones.
 * Pure: no I/O; the same input always gives the same output.
 */
export function createRedactor(options: RedactorOptions = {}): Redactor {
  const disabled = new Set(options.disabledKinds ?? []);
  const patterns = [...DEFAULT_REDACTION_PATTERNS.filter((p) => !disabled.has(p.kind)), ...(options.extraPatterns ?? [])];
  // One pass over each value: every pattern is an alternative of one expression (earlier
  // patterns win where two match at the same place), and the group that matched names the kind.
  const combined = patterns.length === 0 ? null : new RegExp(patterns.map((p, i) => `(?<k${i}>${p.pattern.source})`).join('|'), 'g');
  const text = (value: string, counts: RedactionCounts): string => {
    if (combined === null) return value;
    return value.replace(combined, (match: string, ...rest: unknown[]) => {
      const groups = rest.at(-1) as Record<string, string | undefined>;
      const index = patterns.findIndex((_, i) => groups[`k${i}`] !== undefined);
      const pattern = patterns[index]!;
      if (pattern.check && !pattern.check(match)) return match;
      counts[pattern.kind] = (counts[pattern.kind] ?? 0) + 1;
      return marker(pattern.kind);
    });
  };
  const value = (item: AttributeValue, counts: RedactionCounts): AttributeValue => {
    if (typeof item === 'string') return text(item, counts);
    if (Array.isArray(item)) return item.map((element) => value(element, counts));
    if (item !== null && typeof item === 'object') return attributes(item, counts);
    return item;
  };
  const attributes = (input: Attributes, counts: RedactionCounts): Attributes => {
    const out: Attributes = {};
    for (const key of Object.keys(input)) out[key] = value(input[key]!, counts);
    return out;
  };
  return { text, attributes };
}

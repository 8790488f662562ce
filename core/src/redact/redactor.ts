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

/** One search: the alternatives of some patterns in one expression, and which pattern each group names. */
interface Search {
  expression: RegExp;
  patterns: readonly RedactionPattern[];
}

/** Every pattern an alternative of one expression (earlier patterns win where two match at the same place); group `k<i>` is `patterns[i]`. */
function searchOf(patterns: readonly RedactionPattern[]): Search {
  return { expression: new RegExp(patterns.map((p, i) => `(?<k${i}>${p.pattern.source})`).join('|'), 'g'), patterns };
}

/** The distinct hints of the patterns, each with the bit mask of the patterns it gates. */
function hintsOf(patterns: readonly RedactionPattern[]): { test: (value: string) => boolean; mask: number }[] {
  const byHint = new Map<string | RegExp, number>();
  patterns.forEach((pattern, i) => {
    if (pattern.hint !== undefined) byHint.set(pattern.hint, (byHint.get(pattern.hint) ?? 0) | (1 << i));
  });
  return [...byHint].map(([hint, mask]) => {
    if (typeof hint === 'string') return { test: (value: string) => value.includes(hint), mask };
    // Compiled once without the g/y flags, so a test keeps no position between values.
    const expression = new RegExp(hint.source, hint.flags.replace(/[gy]/g, ''));
    return { test: (value: string) => expression.test(value), mask };
  });
}

/** Hints are used for at most this many patterns (a bit each); with more, every value is searched for all. */
const MAX_HINTED_PATTERNS = 30;

/**
 * Which search a value needs: only the patterns whose hint it contains (and those without
 * one), or none. Leaving out a pattern that cannot match anywhere in the value changes no
 * match of the others, so the result is that of the search over all patterns.
 */
function searchPlanner(patterns: readonly RedactionPattern[]): (value: string) => Search | null {
  const all = searchOf(patterns);
  if (patterns.length > MAX_HINTED_PATTERNS) return () => all;
  const hints = hintsOf(patterns);
  let unhinted = 0;
  patterns.forEach((pattern, i) => {
    if (pattern.hint === undefined) unhinted |= 1 << i;
  });
  const searches = new Map<number, Search | null>();
  return (value) => {
    let mask = unhinted;
    for (const hint of hints) if ((mask & hint.mask) !== hint.mask && hint.test(value)) mask |= hint.mask;
    let search = searches.get(mask);
    if (search === undefined) {
      search = mask === 0 ? null : searchOf(patterns.filter((_, i) => (mask & (1 << i)) !== 0));
      searches.set(mask, search);
    }
    return search;
  };
}

/**
 * Builds a redactor over the default patterns minus the disabled kinds, plus extra ones.
 * Pure: no I/O; the same input always gives the same output.
 */
export function createRedactor(options: RedactorOptions = {}): Redactor {
  const disabled = new Set(options.disabledKinds ?? []);
  const patterns = [...DEFAULT_REDACTION_PATTERNS.filter((p) => !disabled.has(p.kind)), ...(options.extraPatterns ?? [])];
  // One pass over each value, over the patterns its hints allow: the group that matched names the kind.
  const searchFor = patterns.length === 0 ? () => null : searchPlanner(patterns);
  const text = (value: string, counts: RedactionCounts): string => {
    const search = searchFor(value);
    if (search === null) return value;
    return value.replace(search.expression, (match: string, ...rest: unknown[]) => {
      const groups = rest.at(-1) as Record<string, string | undefined>;
      const index = search.patterns.findIndex((_, i) => groups[`k${i}`] !== undefined);
      const pattern = search.patterns[index]!;
      if (pattern.check && !pattern.check(match)) return match;
      counts[pattern.kind] = (counts[pattern.kind] ?? 0) + 1;
      return marker(pattern.kind);
    });
  };
  // Values are copied only where something changed: most attributes hold nothing to redact.
  const value = (item: AttributeValue, counts: RedactionCounts): AttributeValue => {
    if (typeof item === 'string') return text(item, counts);
    if (Array.isArray(item)) {
      let out: AttributeValue[] | null = null;
      for (let i = 0; i < item.length; i += 1) {
        const redacted = value(item[i]!, counts);
        if (redacted !== item[i] && out === null) out = item.slice(0, i);
        out?.push(redacted);
      }
      return out ?? item;
    }
    if (item !== null && typeof item === 'object') return attributes(item, counts);
    return item;
  };
  const attributes = (input: Attributes, counts: RedactionCounts): Attributes => {
    let out: Attributes | null = null;
    const keys = Object.keys(input);
    for (let i = 0; i < keys.length; i += 1) {
      const key = keys[i]!;
      const redacted = value(input[key]!, counts);
      if (redacted !== input[key] && out === null) {
        out = {};
        for (let j = 0; j < i; j += 1) out[keys[j]!] = input[keys[j]!]!;
      }
      if (out !== null) out[key] = redacted;
    }
    return out ?? input;
  };
  return { text, attributes };
}

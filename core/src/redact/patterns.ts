import { passesIbanCheck, passesLuhn } from './checks.js';

/**
 * What counts as personal data or a secret, as data (STYLE.md 4): a kind, a pattern, and
 * where a pattern alone is too loose, a check the match must pass (so that a 16-digit order
 * id that fails Luhn, or an IBAN-shaped string that fails mod 97, is kept).
 */
export interface RedactionPattern {
  /** stable name: the key of the per-span counts and of the switches */
  kind: string;
  /** its source becomes one alternative of the redactor's combined expression */
  pattern: RegExp;
  /** a match that fails it is kept as it is */
  check?: (match: string) => boolean;
  /**
   * Something every match contains (a substring, or a non-global expression): a value without
   * it cannot match, so the redactor leaves this pattern out of its search of that value, and
   * skips values no pattern can match. Only a cost saving: it must never be false for a value
   * the pattern matches. Patterns without a hint are always searched.
   */
  hint?: string | RegExp;
}

/** The hint of every pattern that needs a digit (one scan answers for all of them). */
const HAS_DIGIT = /\d/;

const digitsOf = (text: string) => text.replace(/\D/g, '');

export const DEFAULT_REDACTION_PATTERNS: readonly RedactionPattern[] = [
  // Secrets first: they may contain digit runs that other kinds would take.
  { kind: 'anthropic_key', pattern: /\bsk-ant-[A-Za-z0-9_-]{20,}/g, hint: 'sk-ant-' },
  { kind: 'openai_key', pattern: /\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}/g, hint: 'sk-' },
  { kind: 'aws_access_key', pattern: /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g, hint: /AKIA|ASIA/ },
  { kind: 'github_token', pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{40,})\b/g, hint: /gh[pousr]_|github_pat_/ },
  { kind: 'bearer_token', pattern: /\bBearer\s+[A-Za-z0-9._~+/=-]{16,}/g, hint: 'Bearer' },
  { kind: 'email', pattern: /\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b/g, hint: '@' },
  {
    kind: 'iban',
    pattern: /\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,3})?\b/g,
    check: (match) => passesIbanCheck(match),
    hint: HAS_DIGIT,
  },
  {
    // 13 to 19 digits starting 3-6 (the issuer ranges of cards; a unix-ms time starts with 1), optionally grouped by spaces or dashes
    kind: 'card_number',
    pattern: /\b[3-6]\d(?:[ -]?\d){11,17}\b/g,
    check: (match) => {
      const digits = digitsOf(match);
      return digits.length >= 13 && digits.length <= 19 && passesLuhn(digits);
    },
    hint: HAS_DIGIT,
  },
  { kind: 'us_ssn', pattern: /\b(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}\b/g, hint: HAS_DIGIT },
  {
    // North American 3-3-4 (optionally +1, area code in parentheses) or international +CC groups;
    // never the middle of a longer digit run (a card, an id)
    kind: 'phone',
    pattern: /(?<![\w+])(?:(?:\+?1[ .-]?)?(?:\(\d{3}\)[ .-]?|\d{3}[ .-])\d{3}[ .-]\d{4}|\+\d{1,3}(?:[ .-]?\d{1,4}){2,5})(?![ .-]?\d)/g,
    check: (match) => {
      const digits = digitsOf(match).length;
      return digits >= 9 && digits <= 15;
    },
    hint: HAS_DIGIT,
  },
];

import { describe, expect, it } from 'vitest';
import { passesIbanCheck, passesLuhn } from './checks.js';
import { DEFAULT_REDACTION_PATTERNS } from './patterns.js';
import { createRedactor, type RedactionCounts } from './redactor.js';

const redactor = createRedactor();
function redact(text: string) {
  const counts: RedactionCounts = {};
  return { text: redactor.text(text, counts), counts };
}

/** Each kind: values it must redact, and near misses it must keep. */
const CASES: Array<{ kind: string; redacts: string[]; keeps: string[] }> = [
  { kind: 'email', redacts: ['jane.doe@example.com', 'ops+alerts@mail.acme.co.uk'], keeps: ['jane at example dot com', 'ask @jane on slack'] },
  {
    kind: 'card_number',
    redacts: ['4111 1111 1111 1111', '4111-1111-1111-1111', '4111111111111111', '5500 0000 0000 0004', '378282246310005'],
    keeps: ['4111 1111 1111 1112', 'order 4000123412341230', 'at 1733200000000 ms', '41111111'],
  },
  { kind: 'us_ssn', redacts: ['123-45-6789', '078-05-1121'], keeps: ['000-12-3456', '666-12-3456', '123-45-678', '123456789'] },
  { kind: 'phone', redacts: ['+1 415 555 0132', '(415) 555-0132', '+44 20 7946 0958', '415.555.0132'], keeps: ['version 1.2.3', '2026-12-03', 'room 12-34', 'call 555-0132'] },
  { kind: 'iban', redacts: ['GB82 WEST 1234 5698 7654 32', 'DE89370400440532013000'], keeps: ['GB82WEST12345698765433', 'XX00 ABCD 1234 5678'] },
  { kind: 'openai_key', redacts: ['sk-proj-abcdefghijklmnopqrstuvwx1234', 'sk-abcdefghijklmnopqrstuvwxyz012345'], keeps: ['sk-short', 'task-abcdefghijklmnopqrstuvwxyz'] },
  { kind: 'anthropic_key', redacts: ['sk-ant-api03-abcdefghijklmnopqrstuvwxyz_0123'], keeps: ['sk-ant-'] },
  { kind: 'aws_access_key', redacts: ['AKIAIOSFODNN7EXAMPLE', 'ASIAY34FZKBOKMUTVV7A'], keeps: ['AKIA123', 'XAKIAIOSFODNN7EXAMPLE1'] },
  { kind: 'github_token', redacts: [`ghp_${'a1B2'.repeat(9)}`, `github_pat_${'x'.repeat(22)}_${'Y'.repeat(59)}`], keeps: ['ghp_short', 'github_pat_'] },
  { kind: 'bearer_token', redacts: ['Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc123'], keeps: ['Bearer token', 'the bearer of bad news'] },
];

describe('PII and secret redaction', () => {
  describe.each(CASES)('$kind', ({ kind, redacts, keeps }) => {
    it.each(redacts)('redacts %s and counts it', (value) => {
      const result = redact(`before ${value} after`);
      expect(result.text).toBe(`before [REDACTED:${kind}] after`);
      expect(result.counts).toEqual({ [kind]: 1 });
    });
    it.each(keeps)('keeps the near miss %s', (value) => {
      const result = redact(`before ${value} after`);
      expect(result.counts[kind]).toBeUndefined();
      expect(result.text).toContain(value);
    });
  });

  it('counts every occurrence, of several kinds, in one text', () => {
    const result = redact('mail a@b.io or c@d.io, card 4111 1111 1111 1111');
    expect(result.text).toBe('mail [REDACTED:email] or [REDACTED:email], card [REDACTED:card_number]');
    expect(result.counts).toEqual({ email: 2, card_number: 1 });
  });

  it('redacts nested attribute values and keeps keys and non-strings', () => {
    const counts: RedactionCounts = {};
    const out = redactor.attributes({ 'user.email': 'x@y.com', n: 4111111111111111, list: ['ok', 'z@w.org'], nested: { token: 'Bearer abcdefghijklmnopqrstu' } }, counts);
    expect(out).toEqual({ 'user.email': '[REDACTED:email]', n: 4111111111111111, list: ['ok', '[REDACTED:email]'], nested: { token: '[REDACTED:bearer_token]' } });
    expect(counts).toEqual({ email: 2, bearer_token: 1 });
  });

  it('switches kinds off one by one and takes extra patterns', () => {
    const custom = createRedactor({ disabledKinds: ['email'], extraPatterns: [{ kind: 'employee_id', pattern: /\bEMP-\d{6}\b/g }] });
    const counts: RedactionCounts = {};
    expect(custom.text('jane@example.com is EMP-004211', counts)).toBe('jane@example.com is [REDACTED:employee_id]');
    expect(counts).toEqual({ employee_id: 1 });
  });

  it('checks cards with Luhn and IBANs with mod 97', () => {
    expect(passesLuhn('4111111111111111')).toBe(true);
    expect(passesLuhn('4111111111111112')).toBe(false);
    expect(passesIbanCheck('GB82 WEST 1234 5698 7654 32')).toBe(true);
    expect(passesIbanCheck('GB82 WEST 1234 5698 7654 33')).toBe(false);
  });

  describe('hints (which patterns a value can match at all)', () => {
    // The same patterns in the same order without hints: every value searched for all of them, as before hints.
    const unhinted = createRedactor({
      disabledKinds: DEFAULT_REDACTION_PATTERNS.map((p) => p.kind),
      extraPatterns: DEFAULT_REDACTION_PATTERNS.map(({ kind, pattern, check }) => ({ kind, pattern, ...(check ? { check } : {}) })),
    });
    const FRAGMENTS = [
      'sk-', 'ant-', 'proj-', 'api03-', 'AKIA', 'ASIA', 'IOSFODNN7EXAMPLE', 'ghp_', 'github_pat_', 'Bearer ', 'bearer ', '@', '.', 'com', 'io',
      '0', '1', '4', '5', '9', '00', '123', '4111', '555', '-', ' ', '  ', '(', ')', '+', '+1 ', '+44 ', 'GB82', 'WEST', 'DE89', 'x', 'abc',
      'ABCDEFGHIJKLMNOPQRST', 'abcdefghijklmnopqrstuvwxyz', '_', '\n', 'é', '4111 1111 1111 1111', '123-45-6789', '415 555 0132', '(415) 555-0132',
      'a@b.io', 'GB82 WEST 1234 5698 7654 32', 'sk-ant-api03-abcdefghijklmnopqrstuvwxyz_0123', `ghp_${'a1B2'.repeat(9)}`,
    ];
    /** Texts of random fragments, from a fixed seed so a failure can be replayed. */
    function randomTexts(count: number): string[] {
      let seed = 20261203;
      const next = () => {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        return seed / 2 ** 31;
      };
      return Array.from({ length: count }, () => Array.from({ length: 1 + Math.floor(next() * 24) }, () => FRAGMENTS[Math.floor(next() * FRAGMENTS.length)]!).join(''));
    }

    it('redact exactly as a search over every pattern does, on the cases and thousands of random texts', () => {
      const texts = [...CASES.flatMap(({ redacts, keeps }) => [...redacts, ...keeps]), ...randomTexts(5000), 'no candidate here at all', ''];
      let redacted = 0;
      for (const text of texts) {
        const hintedCounts: RedactionCounts = {};
        const plainCounts: RedactionCounts = {};
        const hinted = redactor.text(text, hintedCounts);
        expect(hinted).toBe(unhinted.text(text, plainCounts));
        expect(hintedCounts).toEqual(plainCounts);
        if (hinted !== text) redacted += 1;
      }
      expect(redacted).toBeGreaterThan(500); // the random texts exercise the patterns, not only the skip
    });

    it('every hint is in every match of its pattern', () => {
      for (const text of randomTexts(3000)) {
        for (const { kind, pattern, hint } of DEFAULT_REDACTION_PATTERNS) {
          for (const [match] of text.matchAll(new RegExp(pattern.source, 'g'))) {
            const holds = typeof hint === 'string' ? match.includes(hint) : hint!.test(match);
            expect(holds, `${kind}: ${match}`).toBe(true);
          }
        }
      }
    });

    it('gives attributes with nothing to redact back as they are, and copies (never changes) those with something', () => {
      const clean = { 'gen_ai.request.model': 'gpt-4o', tokens: 12, list: ['a', 'b'], nested: { ok: true } };
      expect(redactor.attributes(clean, {})).toBe(clean);
      const dirty = { first: 'fine', list: ['ok', 'z@w.org', 'ok2'], nested: { a: 'fine', token: 'Bearer abcdefghijklmnopqrstu' }, last: 3 };
      const before = structuredClone(dirty);
      const out = redactor.attributes(dirty, {});
      expect(out).toEqual({ first: 'fine', list: ['ok', '[REDACTED:email]', 'ok2'], nested: { a: 'fine', token: '[REDACTED:bearer_token]' }, last: 3 });
      expect(Object.keys(out)).toEqual(Object.keys(dirty));
      expect(dirty).toEqual(before);
    });
  });
});

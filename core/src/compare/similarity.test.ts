import { describe, expect, it } from 'vitest';
import { canonicalJson, comparableText } from './comparable-text.js';
import { EDIT_SIMILARITY_MAX_TOKENS, editSimilarity, tokenEditDistance } from './edit-similarity.js';
import { HASH_MISMATCH_CEILING, hashSimilarity } from './hash-similarity.js';
import { responseHash } from './response-hash.js';
import { CRITICAL_CHANGE_CAP, localSemanticScore } from './semantic-score.js';
import { DEFAULT_JUDGE_BAND, needsJudge } from './judge.js';

const PARIS = 'The capital of France is Paris.';
const RESET =
  'To reset your password, open Settings, choose Security and click "Reset password". You will get an email with a link.';

describe('the comparable form of a response', () => {
  it('ignores whitespace runs, line endings and Unicode composition, but keeps case and punctuation', () => {
    expect(comparableText('  Hello,\r\n\tworld!  ')).toBe('Hello, world!');
    expect(comparableText('caf\u0065\u0301')).toBe(comparableText('caf\u00e9'));
    expect(comparableText('Hello')).not.toBe(comparableText('hello'));
  });

  it('reads JSON answers as canonical JSON, also inside one code fence', () => {
    const canonical = '{"a":1,"b":{"c":[1,2],"d":null}}';
    expect(comparableText('{ "b": {"d": null, "c": [1, 2]}, "a": 1 }')).toBe(canonical);
    expect(comparableText('```json\n{"b":{"c":[1,2],"d":null},"a":1}\n```')).toBe(canonical);
    expect(canonicalJson('{"b":1,"a":2}', 2)).toBe('{\n  "a": 2,\n  "b": 1\n}');
  });

  it('leaves text that only looks like JSON as text', () => {
    expect(canonicalJson('{not json}')).toBeNull();
    expect(canonicalJson('42')).toBeNull();
    expect(comparableText('[draft]  notes')).toBe('[draft] notes');
  });

  it('reads null as empty', () => {
    expect(comparableText(null)).toBe('');
    expect(responseHash(null)).toBe(responseHash(''));
  });
});

describe('hash similarity', () => {
  it('is 1 for responses that differ only in whitespace or JSON key order', () => {
    expect(hashSimilarity('Paris is the capital.', 'Paris  is the\ncapital.')).toBe(1);
    expect(hashSimilarity('{"name":"Ada","age":36}', '{\n  "age": 36,\n  "name": "Ada"\n}')).toBe(1);
  });

  it('is never 1 for responses with different hashes, even when their word tokens are equal', () => {
    // "a." and "a ." have the same tokens but are different texts
    expect(responseHash('a.')).not.toBe(responseHash('a .'));
    expect(hashSimilarity('a.', 'a .')).toBe(HASH_MISMATCH_CEILING);
  });

  it('grades a changed response by its word-level edit similarity', () => {
    expect(hashSimilarity('one two three four', 'one two three five')).toBeCloseTo(0.75, 10);
    expect(hashSimilarity('some answer', '')).toBe(0);
  });
});

describe('word-level edit similarity', () => {
  it('counts word edits over the longer token count', () => {
    expect(editSimilarity('the cat sat on the mat', 'the cat sat on a mat')).toBeCloseTo(5 / 6, 10);
    expect(editSimilarity('the cat', 'the cat sat down')).toBeCloseTo(0.5, 10);
  });

  it('is 1 for equal texts, 0 against an empty one', () => {
    expect(editSimilarity(PARIS, PARIS)).toBe(1);
    expect(editSimilarity('', null)).toBe(1);
    expect(editSimilarity(PARIS, '')).toBe(0);
  });

  it('compares texts with more distinct words than fit in a byte, beyond the Latin script', () => {
    const words = Array.from({ length: 3000 }, (_, i) => `w${i}`);
    const changed = [...words];
    changed[1500] = 'другой';
    expect(editSimilarity(words.join(' '), changed.join(' '))).toBeCloseTo(1 - 1 / 3000, 10);
  });

  it('counts the tokens past the exact window as edits, an upper bound of the distance', () => {
    const long = Array.from({ length: EDIT_SIMILARITY_MAX_TOKENS + 100 }, (_, i) => `t${i % 50}`);
    const tail = [...long.slice(0, EDIT_SIMILARITY_MAX_TOKENS), ...Array.from({ length: 100 }, () => 'x')];
    expect(tokenEditDistance(long, long)).toBe(100);
    expect(tokenEditDistance(long, tail)).toBe(100);
    expect(tokenEditDistance(['a', 'b'], ['a', 'c', 'b'])).toBe(1);
  });
});

describe('local semantic score', () => {
  it('is 1 for identical responses and for JSON with keys in another order', () => {
    expect(localSemanticScore(PARIS, PARIS)).toBe(1);
    expect(localSemanticScore('{"city":"Paris","country":"France"}', '{"country": "France", "city": "Paris"}')).toBe(1);
  });

  it('is 0 for an empty response against a non-empty one, and 1 for two empty ones', () => {
    expect(localSemanticScore(PARIS, '')).toBe(0);
    expect(localSemanticScore(null, PARIS)).toBe(0);
    expect(localSemanticScore('  ', null)).toBe(1);
  });

  it('ranks a paraphrase above an unrelated answer', () => {
    const paraphrase = localSemanticScore(PARIS, 'Paris is the capital city of France.');
    const unrelated = localSemanticScore(PARIS, 'Photosynthesis converts light energy into chemical energy in plants.');
    expect(paraphrase).toBeGreaterThan(unrelated + 0.4);
    expect(unrelated).toBeLessThan(DEFAULT_JUDGE_BAND.low);
    const reworded = localSemanticScore(RESET, 'Go to Settings > Security and press "Reset password"; we will email you a reset link.');
    const offTopic = localSemanticScore(RESET, 'Our quarterly revenue grew thanks to strong demand in Europe.');
    expect(reworded).toBeGreaterThan(offTopic + 0.4);
  });

  it('sends paraphrases to the judge and settles light edits locally', () => {
    expect(needsJudge(localSemanticScore(PARIS, 'Paris is the capital city of France.'))).toBe(true);
    const lightEdit = localSemanticScore(RESET, RESET.replace('You will get', 'You will receive'));
    expect(lightEdit).toBeGreaterThanOrEqual(DEFAULT_JUDGE_BAND.high);
  });

  it('never settles a changed number or an added negation as "the same"', () => {
    const number = localSemanticScore('The total is 42 dollars, shipped Monday.', 'The total is 57 dollars, shipped Monday.');
    const negation = localSemanticScore('The drug is safe to take with food.', 'The drug is not safe to take with food.');
    const contraction = localSemanticScore('You can cancel at any time.', "You can't cancel at any time.");
    for (const score of [number, negation, contraction]) {
      expect(score).toBeLessThanOrEqual(CRITICAL_CHANGE_CAP);
      expect(needsJudge(score)).toBe(true);
    }
    expect(localSemanticScore('{"age":36}', '{"age":37}')).toBeLessThanOrEqual(CRITICAL_CHANGE_CAP);
  });

  it('stays in [0, 1] and does not depend on the order of the pair', () => {
    const a = 'Refunds take 5 business days to appear on your card.';
    const b = 'Your card will show the refund within five business days.';
    const score = localSemanticScore(a, b);
    expect(score).toBeGreaterThan(0);
    expect(score).toBeLessThan(1);
    expect(localSemanticScore(b, a)).toBeCloseTo(score, 12);
  });
});

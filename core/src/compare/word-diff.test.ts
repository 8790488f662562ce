import { describe, expect, it } from 'vitest';
import { wordDiff } from './word-diff.js';

const textOf = (hunks: ReturnType<typeof wordDiff>['hunks'], keep: 'added' | 'removed') =>
  hunks.filter((hunk) => hunk.kind !== keep).map((hunk) => hunk.text).join('');

describe('word diff', () => {
  it('counts words added, removed and unchanged, and says so in a short line', () => {
    const { summary } = wordDiff('The order ships on Monday.', 'The order ships on Tuesday by courier.');
    expect(summary).toEqual({
      wordsAdded: 3,
      wordsRemoved: 1,
      wordsUnchanged: 4,
      exact: true,
      text: '+3 -1 words, 4 unchanged',
    });
  });

  it('gives hunks that rebuild both texts', () => {
    const original = 'Reset it from Settings, then sign in again.';
    const replay = 'Reset it from the Security page, then log in again.';
    const { hunks } = wordDiff(original, replay);
    expect(textOf(hunks, 'added')).toBe(original);
    expect(textOf(hunks, 'removed')).toBe(replay);
    expect(hunks.some((hunk) => hunk.kind === 'added' && hunk.text.includes('Security'))).toBe(true);
  });

  it('sees no change in whitespace alone', () => {
    expect(wordDiff('one  two\nthree', 'one two three').summary).toMatchObject({
      wordsAdded: 0,
      wordsRemoved: 0,
      text: 'no change (3 words)',
    });
  });

  it('diffs JSON answers by value, not by key order', () => {
    const { summary, hunks } = wordDiff('{"name":"Ada","age":36}', '{"age":37,"name":"Ada"}');
    expect(summary).toMatchObject({ wordsAdded: 1, wordsRemoved: 1 });
    expect(hunks.find((hunk) => hunk.kind === 'removed')?.text.trim()).toBe('36');
  });

  it('treats a missing response as empty', () => {
    expect(wordDiff(null, 'Hello there').summary).toMatchObject({ wordsAdded: 2, wordsRemoved: 0, wordsUnchanged: 0 });
    expect(wordDiff('Hello there', undefined).hunks).toEqual([{ kind: 'removed', text: 'Hello there' }]);
  });

  it('approximates pairs that differ by more than the edit budget instead of searching for seconds', () => {
    const a = Array.from({ length: 400 }, (_, i) => `alpha${i}`).join(' ');
    const b = Array.from({ length: 400 }, (_, i) => `beta${i}`).join(' ');
    const { summary, hunks } = wordDiff(a, b, { maxEdits: 100 });
    expect(summary).toEqual({
      wordsAdded: 400,
      wordsRemoved: 400,
      wordsUnchanged: 0,
      exact: false,
      text: 'about +400 -400 words, 0 unchanged (approximate)',
    });
    expect(hunks).toEqual([
      { kind: 'removed', text: a },
      { kind: 'added', text: b },
    ]);
    expect(wordDiff(a, b, { maxEdits: 1000 }).summary.exact).toBe(true);
  });

  it('counts the words an approximate diff keeps in any order', () => {
    const { summary } = wordDiff('one two three four five six', 'six five four three two one seven', { maxEdits: 2 });
    expect(summary).toMatchObject({ exact: false, wordsUnchanged: 6, wordsAdded: 1, wordsRemoved: 0 });
  });
});

/**
 * The word-level diff of two responses (jsdiff's `diffWords`, which ignores
 * whitespace changes), as hunks for the UI and a summary for the result row.
 */
import { diffWords } from 'diff';
import { canonicalJson } from './comparable-text.js';
import { tokenEditDistance } from './edit-similarity.js';
import { countWords, wordTokens, wordsOf } from './tokens.js';

/** One run of the diff: text only in the original (`removed`), only in the replay (`added`), or in both. */
export interface DiffHunk {
  kind: 'added' | 'removed' | 'unchanged';
  text: string;
}

/** What changed, in words (runs of letters and digits; punctuation is not counted). */
export interface DiffSummary {
  wordsAdded: number;
  wordsRemoved: number;
  wordsUnchanged: number;
  /**
   * false when the texts differ by more than the edit budget: the hunks are then
   * "all removed, all added" and the counts come from the words the two texts
   * share regardless of order (an upper bound of what an exact diff keeps)
   */
  exact: boolean;
  /** e.g. "+12 -3 words, 240 unchanged", or "about +700 -690 words, 2810 unchanged (approximate)" */
  text: string;
}

export interface WordDiff {
  summary: DiffSummary;
  hunks: DiffHunk[];
}

/**
 * Most token edits (insertions plus deletions) the exact diff looks for. Myers'
 * algorithm, as jsdiff runs it, costs about 100 ns × edits², so two unrelated
 * 2 KB answers (~700 edits) would take ~50 ms and 20 KB ones seconds. Past the
 * budget the diff is approximate (see DiffSummary.exact). 300 edits: under ~10 ms.
 * The UI can ask for a larger budget when it shows one diff.
 */
export const WORD_DIFF_MAX_EDITS = 300;

export interface WordDiffOptions {
  /** default {@link WORD_DIFF_MAX_EDITS} */
  maxEdits?: number;
}

function summaryOf(added: number, removed: number, unchanged: number, exact: boolean): DiffSummary {
  const text = !exact
    ? `about +${added} -${removed} words, ${unchanged} unchanged (approximate)`
    : added === 0 && removed === 0
      ? `no change (${unchanged} words)`
      : `+${added} -${removed} words, ${unchanged} unchanged`;
  return { wordsAdded: added, wordsRemoved: removed, wordsUnchanged: unchanged, exact, text };
}

function exactSummary(hunks: readonly DiffHunk[]): DiffSummary {
  const words = { added: 0, removed: 0, unchanged: 0 };
  for (const hunk of hunks) words[hunk.kind] += countWords(hunk.text);
  return summaryOf(words.added, words.removed, words.unchanged, true);
}

/** Counts from the words both texts share, in any order: linear time, for pairs past the budget. */
function approximateDiff(a: string, b: string): WordDiff {
  const remaining = new Map<string, number>();
  const wordsA = wordsOf(a);
  const wordsB = wordsOf(b);
  for (const word of wordsA) remaining.set(word, (remaining.get(word) ?? 0) + 1);
  let shared = 0;
  for (const word of wordsB) {
    const left = remaining.get(word) ?? 0;
    if (left > 0) {
      shared++;
      remaining.set(word, left - 1);
    }
  }
  const hunks: DiffHunk[] = [];
  if (a !== '') hunks.push({ kind: 'removed', text: a });
  if (b !== '') hunks.push({ kind: 'added', text: b });
  return { summary: summaryOf(wordsB.length - shared, wordsA.length - shared, shared, false), hunks };
}

/** JSON answers are diffed as indented canonical JSON, so key order does not show as a change. */
function diffableForms(original: string, replay: string): [string, string] {
  const jsonA = canonicalJson(original, 2);
  const jsonB = jsonA === null ? null : canonicalJson(replay, 2);
  return jsonA !== null && jsonB !== null ? [jsonA, jsonB] : [original, replay];
}

/**
 * The word diff of an original and a replayed response (null reads as empty).
 * Hunks concatenate back to the replay's text (unchanged and added) and to the
 * original's (unchanged and removed), up to whitespace.
 */
export function wordDiff(
  original: string | null | undefined,
  replay: string | null | undefined,
  options: WordDiffOptions = {},
): WordDiff {
  const [a, b] = diffableForms(original ?? '', replay ?? '');
  if (a === b) return { summary: summaryOf(0, 0, countWords(a), true), hunks: a === '' ? [] : [{ kind: 'unchanged', text: a }] };
  const maxEdits = options.maxEdits ?? WORD_DIFF_MAX_EDITS;
  // The word edit distance (a few ms at 20 KB) is a lower bound of the diff's edit
  // count: past the budget already, the exact diff would only be searched for in vain.
  if (tokenEditDistance(wordTokens(a), wordTokens(b)) > maxEdits) return approximateDiff(a, b);
  const changes = diffWords(a, b, { maxEditLength: maxEdits });
  if (changes === undefined) return approximateDiff(a, b);
  const hunks = changes.map(
    (change): DiffHunk => ({
      kind: change.added ? 'added' : change.removed ? 'removed' : 'unchanged',
      text: change.value,
    }),
  );
  return { summary: exactSummary(hunks), hunks };
}

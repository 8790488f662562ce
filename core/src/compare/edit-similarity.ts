/**
 * Normalized edit similarity at word level: 1 − (token edit distance / longer
 * token count), on the comparable form of both texts. Words rather than
 * characters, because "42" → "57" is one changed answer, not half of one; and
 * because it is fast: a 20 KB pair is ~4,000 tokens a side, which the
 * bit-parallel Levenshtein of `fastest-levenshtein` compares in a few
 * milliseconds, where the same pair at character level takes over 100 ms.
 */
import { distance } from 'fastest-levenshtein';
import { comparableText } from './comparable-text.js';
import { wordTokens } from './tokens.js';

/**
 * Tokens per text compared exactly. Past this (about 45 KB of English), the rest
 * of each text is not aligned: it is counted as edited, which gives an upper
 * bound of the distance, so the similarity of very long texts is never overstated.
 * Two texts of 8,192 tokens take about 20 ms.
 */
export const EDIT_SIMILARITY_MAX_TOKENS = 8192;

/**
 * Encodes two token lists as strings of one UTF-16 code unit per token (equal
 * tokens, equal units), so a string Levenshtein counts token edits. At most
 * 2 × EDIT_SIMILARITY_MAX_TOKENS distinct tokens, far below the surrogate range.
 */
function encodePair(a: readonly string[], b: readonly string[]): [string, string] {
  const ids = new Map<string, number>();
  const encode = (tokens: readonly string[]): string => {
    const units = new Array<number>(tokens.length);
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i] as string;
      let id = ids.get(token);
      if (id === undefined) ids.set(token, (id = ids.size));
      units[i] = id;
    }
    return String.fromCharCode(...units);
  };
  return [encode(a), encode(b)];
}

/** Word-level edit distance of two token lists (exact up to EDIT_SIMILARITY_MAX_TOKENS, an upper bound past it). */
export function tokenEditDistance(a: readonly string[], b: readonly string[]): number {
  const headA = a.slice(0, EDIT_SIMILARITY_MAX_TOKENS);
  const headB = b.slice(0, EDIT_SIMILARITY_MAX_TOKENS);
  const [encodedA, encodedB] = encodePair(headA, headB);
  const rest = Math.max(a.length - headA.length, b.length - headB.length);
  return distance(encodedA, encodedB) + rest;
}

/**
 * Word-level edit similarity of two responses in [0, 1]: 1 when their
 * comparable forms are equal (both empty included), 0 when exactly one is empty.
 */
export function editSimilarity(a: string | null | undefined, b: string | null | undefined): number {
  return comparableEditSimilarity(comparableText(a), comparableText(b));
}

/** {@link editSimilarity} of two texts already in comparable form (see comparableText). */
export function comparableEditSimilarity(textA: string, textB: string): number {
  if (textA === textB) return 1;
  if (textA === '' || textB === '') return 0;
  const tokensA = wordTokens(textA);
  const tokensB = wordTokens(textB);
  const longer = Math.max(tokensA.length, tokensB.length);
  if (longer === 0) return 1;
  return 1 - tokenEditDistance(tokensA, tokensB) / longer;
}

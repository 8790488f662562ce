/**
 * Word tokens, shared by the edit similarity and the local semantic score: runs
 * of letters, digits and underscores, and each other non-space character on its
 * own (so punctuation counts as a token, and "don't" is `don`, `'`, `t`).
 */

const TOKEN = /[\p{L}\p{M}\p{N}_]+|[^\p{L}\p{M}\p{N}_\s]/gu;
const WORD = /[\p{L}\p{M}\p{N}_]+/gu;

/** Word and punctuation tokens of `text`, in order. */
export function wordTokens(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

/** Word tokens only (no punctuation), as written. */
export function wordsOf(text: string): string[] {
  return text.match(WORD) ?? [];
}

/** Word tokens only (no punctuation), lower-cased: what "words" means in a diff summary and a TF vector. */
export function lowerCaseWords(text: string): string[] {
  return (text.match(WORD) ?? []).map((word) => word.toLowerCase());
}

/** How many words (runs of letters, digits and underscores) `text` has. */
export function countWords(text: string): number {
  let count = 0;
  for (const _ of text.matchAll(WORD)) count++;
  return count;
}

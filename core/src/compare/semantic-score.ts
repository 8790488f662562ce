/**
 * The fast local semantic score (tier one of two; see judge.ts for tier two): a
 * blend, in [0, 1], of three cheap views of two responses' comparable forms:
 *
 * - content-word cosine (weight 0.45): cosine of the term-frequency vectors of
 *   the lower-cased words, English function words left out. Word choice and
 *   topic; blind to order.
 * - character-trigram Dice (0.35): overlap of the sets of 3-character shingles of
 *   the lower-cased words. Catches inflections and spelling variants ("compute"
 *   / "computing") that whole-word vectors miss.
 * - word-level edit similarity (0.20): order and structure.
 *
 * It is no model of meaning: a changed number or an added "not" barely moves
 * those three views. So when the two texts differ in their numbers or in their
 * count of negations, the score is capped at {@link CRITICAL_CHANGE_CAP}, inside
 * the judge's default borderline band: such a pair is never settled locally as
 * "the same", an LLM judge decides.
 * Identical comparable forms (JSON with keys in another order included) score 1;
 * an empty response against a non-empty one scores 0. About 1 ms for 2 KB answers.
 */
import { comparableText } from './comparable-text.js';
import { comparableEditSimilarity } from './edit-similarity.js';
import { STOPWORDS } from './stopwords.js';
import { lowerCaseWords } from './tokens.js';

/** How much each view counts; the weights add up to 1. */
export const SEMANTIC_SCORE_WEIGHTS = { contentCosine: 0.45, trigramDice: 0.35, editSimilarity: 0.2 } as const;

/**
 * The highest score of two texts whose numbers or negations differ. Under the
 * upper end of DEFAULT_JUDGE_BAND (0.8), so such pairs go to the judge.
 */
export const CRITICAL_CHANGE_CAP = 0.75;

const NUMBER = /\d+(?:[.,]\d+)*/gu;
const NEGATION = /\b(?:no|not|never|none|nothing|nobody|neither|nor|cannot|without)\b|n['’]t\b/gu;

/** The numbers of a text, sorted, thousands separators and decimal commas left as written. */
function numbersOf(text: string): string {
  return (text.match(NUMBER) ?? []).sort().join(' ');
}

function negationCount(lowerText: string): number {
  return lowerText.match(NEGATION)?.length ?? 0;
}

/** True when two comparable texts differ in their numbers or in how many negations they hold. */
export function hasCriticalChange(textA: string, textB: string): boolean {
  return numbersOf(textA) !== numbersOf(textB) || negationCount(textA.toLowerCase()) !== negationCount(textB.toLowerCase());
}

/** Term frequencies of lower-cased words, English function words left out (the vector of {@link contentCosine}). */
export function termFrequencies(words: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const word of words) if (!STOPWORDS.has(word)) counts.set(word, (counts.get(word) ?? 0) + 1);
  return counts;
}

/** Cosine of two term-frequency vectors; 0 when either is empty. */
export function termCosine(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (const [word, count] of a) {
    normA += count * count;
    dot += count * (b.get(word) ?? 0);
  }
  for (const count of b.values()) normB += count * count;
  return dot / Math.sqrt(normA * normB);
}

/** Cosine of two term-frequency vectors; 0 when either is empty. */
export function contentCosine(wordsA: readonly string[], wordsB: readonly string[]): number {
  return termCosine(termFrequencies(wordsA), termFrequencies(wordsB));
}

function trigrams(words: readonly string[]): Set<string> {
  const grams = new Set<string>();
  for (const word of words) {
    const padded = ` ${word} `;
    for (let i = 0; i + 3 <= padded.length; i++) grams.add(padded.slice(i, i + 3));
  }
  return grams;
}

/** Dice coefficient of the character-trigram sets of two word lists; 0 when either is empty. */
export function trigramDice(wordsA: readonly string[], wordsB: readonly string[]): number {
  const a = trigrams(wordsA);
  const b = trigrams(wordsB);
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const gram of a) if (b.has(gram)) shared++;
  return (2 * shared) / (a.size + b.size);
}

/**
 * The local semantic score of two responses in [0, 1] (see the module comment
 * for what it blends). Null reads as empty; two empty responses score 1.
 */
export function localSemanticScore(a: string | null | undefined, b: string | null | undefined): number {
  const textA = comparableText(a);
  const textB = comparableText(b);
  if (textA === textB) return 1;
  if (textA === '' || textB === '') return 0;
  const wordsA = lowerCaseWords(textA);
  const wordsB = lowerCaseWords(textB);
  const score =
    SEMANTIC_SCORE_WEIGHTS.contentCosine * contentCosine(wordsA, wordsB) +
    SEMANTIC_SCORE_WEIGHTS.trigramDice * trigramDice(wordsA, wordsB) +
    SEMANTIC_SCORE_WEIGHTS.editSimilarity * comparableEditSimilarity(textA, textB);
  const ceiling = hasCriticalChange(textA, textB) ? CRITICAL_CHANGE_CAP : 1;
  return Math.min(ceiling, Math.max(0, score));
}

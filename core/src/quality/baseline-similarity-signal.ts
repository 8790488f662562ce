import { termCosine, termFrequencies } from '../compare/semantic-score.js';
import { lowerCaseWords } from '../compare/tokens.js';
import type { QualitySignal } from '../span.js';

/**
 * Similarity to earlier responses to the same prompt (same prompt hash, same endpoint): the
 * content-word cosine of replay's comparison (core/src/compare: `termFrequencies`,
 * `termCosine`), the cheapest of the local semantic score's views, since this runs on the
 * ingest path (the full blended score costs about 1 ms). A different answer to the same
 * question is a sign of drift, but sampling makes answers vary, so the signal is soft: the best
 * similarity s gives min(1, 0.6 + 0.8 s), never under 0.6 (s ≥ 0.5 scores 1). Texts are cut at
 * {@link SIMILARITY_MAX_CHARS}.
 */
export const SIMILARITY_MAX_CHARS = 600;
export const SIMILARITY_MIN_SCORE = 0.6;

/** A response's term vector as the similarity signal compares it (its first SIMILARITY_MAX_CHARS). */
export function responseTerms(response: string): Map<string, number> {
  return termFrequencies(lowerCaseWords(response.slice(0, SIMILARITY_MAX_CHARS)));
}

/** The baseline-similarity signal; null when no earlier response to the same prompt is known, or without text. */
export function baselineSimilaritySignal(response: string | null, earlier: readonly ReadonlyMap<string, number>[]): QualitySignal | null {
  if (earlier.length === 0 || response === null || response.trim() === '') return null;
  const terms = responseTerms(response);
  let best = 0;
  for (const other of earlier) best = Math.max(best, terms.size === 0 && other.size === 0 ? 1 : termCosine(terms, other));
  const score = Math.min(1, SIMILARITY_MIN_SCORE + 0.8 * best);
  return { score: Math.round(score * 1000) / 1000, detail: `similarity:${best.toFixed(2)}` };
}

import { localSemanticScore } from '../compare/semantic-score.js';
import type { QualitySignal } from '../span.js';

/**
 * Similarity to earlier responses to the same prompt (same prompt hash, same endpoint), with
 * replay's local semantic score (core/src/compare). A different answer to the same question
 * is a sign of drift, but sampling makes answers vary, so the signal is soft: the best
 * similarity s among the earlier responses gives min(1, 0.6 + 0.8 s), never under 0.6
 * (s ≥ 0.5 scores 1). Texts are cut at {@link SIMILARITY_MAX_CHARS} so the cost stays in µs.
 */
export const SIMILARITY_MAX_CHARS = 1000;
export const SIMILARITY_MIN_SCORE = 0.6;

/** The baseline-similarity signal; null when no earlier response to the same prompt is known, or without text. */
export function baselineSimilaritySignal(response: string | null, earlier: readonly string[]): QualitySignal | null {
  if (earlier.length === 0 || response === null || response.trim() === '') return null;
  const text = response.slice(0, SIMILARITY_MAX_CHARS);
  let best = 0;
  for (const other of earlier) {
    best = Math.max(best, localSemanticScore(text, other.slice(0, SIMILARITY_MAX_CHARS)));
    if (best >= 1) break;
  }
  const score = Math.min(1, SIMILARITY_MIN_SCORE + 0.8 * best);
  return { score: Math.round(score * 1000) / 1000, detail: `similarity:${best.toFixed(2)}` };
}

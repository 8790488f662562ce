/** `hash_similarity` of API.md: exact match by content hash, graded by edit similarity otherwise. */
import { editSimilarity } from './edit-similarity.js';
import { responseHash } from './response-hash.js';

/** The highest hash similarity of two responses whose hashes differ, so that 1 always means "identical". */
export const HASH_MISMATCH_CEILING = 0.999;

/**
 * 1 when the two responses hash equal (see responseHash: equal after whitespace
 * and JSON key-order normalization); otherwise their word-level edit similarity,
 * at most {@link HASH_MISMATCH_CEILING}. So the average over a replay is both an
 * exact-match rate (the share of 1s) and a measure of how far the rest moved.
 */
export function hashSimilarity(original: string | null | undefined, replay: string | null | undefined): number {
  if (responseHash(original) === responseHash(replay)) return 1;
  return Math.min(editSimilarity(original, replay), HASH_MISMATCH_CEILING);
}

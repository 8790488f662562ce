/** Reproducible sampling of captured calls (API.md `POST /replay/capture` `filters.sample_size`). */
import { seedHash } from './seeded-random.js';

/**
 * `sampleSize` ids out of `ids`, the same for the same ids and seed whatever
 * their order (each id is ranked by a hash of seed and id; the lowest ranks are
 * kept), and stable as the sample grows: a larger sample contains the smaller
 * one. Duplicates count once. The sample keeps the ids' given order. A size at
 * or above the number of distinct ids returns them all; a size under 1, none.
 */
export function sampleReproducibly(ids: readonly string[], sampleSize: number, seed: string | number): string[] {
  const distinct = [...new Set(ids)];
  const size = Math.floor(sampleSize);
  if (!(size >= 1)) return [];
  if (size >= distinct.length) return distinct;
  const ranked = distinct
    .map((id) => ({ id, rank: seedHash(seed, id) }))
    .sort((a, b) => a.rank - b.rank || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const kept = new Set(ranked.slice(0, size).map(({ id }) => id));
  return distinct.filter((id) => kept.has(id));
}

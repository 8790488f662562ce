/**
 * Deterministic randomness from a seed: the same seed gives the same numbers on
 * every machine and every run, so sampling, simulation and jitter are
 * reproducible and testable. Not for anything secret.
 */

/**
 * A 53-bit hash of the parts (cyrb53: two multiplicative 32-bit lanes, mixed),
 * as a non-negative safe integer. Parts are joined with a separator that
 * cannot be confused with their text.
 */
export function seedHash(...parts: readonly (string | number)[]): number {
  const text = parts.map(String).join('\u0000');
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** A generator of numbers in [0, 1) from a seed (mulberry32 over the seed's hash). */
export function seededRandom(...seed: readonly (string | number)[]): () => number {
  let state = seedHash(...seed) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

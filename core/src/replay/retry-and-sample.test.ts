import { describe, expect, it } from 'vitest';
import { retryAfterMs, retryDelayMs } from './retry.js';
import { sampleReproducibly } from './sample.js';

const NOW = new Date('2026-11-02T12:00:00Z');

describe('retry delay', () => {
  it('honours Retry-After in seconds and as an HTTP date', () => {
    expect(retryDelayMs(1, '3', NOW)).toBe(3000);
    expect(retryDelayMs(5, '0.5', NOW)).toBe(500);
    expect(retryDelayMs(1, 'Mon, 02 Nov 2026 12:00:10 GMT', NOW)).toBe(10_000);
    expect(retryDelayMs(1, 'Mon, 02 Nov 2026 11:59:00 GMT', NOW.getTime())).toBe(0);
  });

  it('backs off exponentially with equal jitter when there is no readable Retry-After', () => {
    for (const [attempt, ceiling] of [
      [1, 500],
      [2, 1000],
      [3, 2000],
      [8, 30_000],
      [50, 30_000],
    ] as const) {
      const delay = retryDelayMs(attempt, 'soon', NOW, { seed: 'r1' });
      expect(delay).toBeGreaterThanOrEqual(ceiling / 2);
      expect(delay).toBeLessThanOrEqual(ceiling);
    }
  });

  it('draws the jitter from the seed: the same seed waits the same, others spread out', () => {
    expect(retryDelayMs(3, null, NOW, { seed: 'a' })).toBe(retryDelayMs(3, null, NOW, { seed: 'a' }));
    const delays = new Set(Array.from({ length: 20 }, (_, i) => retryDelayMs(3, null, NOW, { seed: i })));
    expect(delays.size).toBeGreaterThan(10);
  });

  it('reads no delay from an absent or unreadable header', () => {
    expect(retryAfterMs(undefined, NOW)).toBeNull();
    expect(retryAfterMs('', NOW)).toBeNull();
    expect(retryAfterMs('-5', NOW)).toBeNull();
    expect(retryAfterMs('later', NOW)).toBeNull();
  });
});

describe('reproducible sampling', () => {
  const ids = Array.from({ length: 200 }, (_, i) => `trace-${i}`);

  it('picks the same ids for the same seed, whatever their order, keeping the given order', () => {
    const sample = sampleReproducibly(ids, 20, 'seed-1');
    expect(sample).toHaveLength(20);
    expect(sampleReproducibly([...ids].reverse(), 20, 'seed-1')).toEqual([...sample].reverse());
    expect(sample).toEqual(ids.filter((id) => sample.includes(id)));
  });

  it('picks other ids for another seed', () => {
    expect(sampleReproducibly(ids, 20, 'seed-2')).not.toEqual(sampleReproducibly(ids, 20, 'seed-1'));
  });

  it('grows a sample without reshuffling it', () => {
    const small = sampleReproducibly(ids, 10, 7);
    const large = sampleReproducibly(ids, 50, 7);
    expect(small.every((id) => large.includes(id))).toBe(true);
  });

  it('counts duplicates once, returns everything when asked for more, nothing when asked for less than one', () => {
    expect(sampleReproducibly(['a', 'b', 'a'], 5, 1)).toEqual(['a', 'b']);
    expect(sampleReproducibly(['a', 'b', 'a'], 2, 1)).toEqual(['a', 'b']);
    expect(sampleReproducibly(ids, 0, 1)).toEqual([]);
    expect(sampleReproducibly(ids, Number.NaN, 1)).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { MAX_TREND_BUCKETS, defaultInterval, resolveWindow, trendBucketStarts } from './window.js';

const at = (iso: string) => Date.parse(iso);

describe('the window of an analytics query', () => {
  const now = at('2026-01-10T12:00:00Z');

  it('defaults to the 24 hours before now, in hourly buckets', () => {
    expect(resolveWindow({}, now)).toEqual({ fromMs: now - 86_400_000, toMs: now, interval: 'hour' });
  });

  it('picks minute buckets up to 6 hours, hours up to 7 days, then days', () => {
    expect(defaultInterval(6 * 3_600_000)).toBe('minute');
    expect(defaultInterval(7 * 86_400_000)).toBe('hour');
    expect(defaultInterval(30 * 86_400_000)).toBe('day');
  });

  it('rejects an empty range, naming the parameter', () => {
    expect(() => resolveWindow({ from: new Date(now), to: new Date(now) }, now)).toThrow(/^from:/);
  });

  it(`rejects an interval that would give more than ${MAX_TREND_BUCKETS} buckets`, () => {
    expect(() => resolveWindow({ from: new Date(now - 30 * 86_400_000), to: new Date(now), interval: 'minute' }, now)).toThrow(/^interval:/);
  });

  it('lists every bucket of the trend, the first one starting before `from` when unaligned', () => {
    const window = resolveWindow({ from: new Date(at('2026-01-10T10:30:00Z')), to: new Date(at('2026-01-10T12:00:00Z')), interval: 'hour' }, now);
    expect(trendBucketStarts(window).map((ms) => new Date(ms).toISOString())).toEqual(['2026-01-10T10:00:00.000Z', '2026-01-10T11:00:00.000Z']);
  });
});

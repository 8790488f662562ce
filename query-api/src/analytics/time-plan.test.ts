import { describe, expect, it } from 'vitest';
import { planSegments, RESOLUTION_MS, type Segment } from './time-plan.js';
import { MAX_TREND_BUCKETS, defaultInterval, resolveWindow, trendBucketStarts } from './window.js';

const at = (iso: string) => Date.parse(iso);
const show = (segments: Segment[]) =>
  segments.map((segment) => `${segment.source} ${new Date(segment.fromMs).toISOString()} ${new Date(segment.toMs).toISOString()}`);

function coveredExactlyOnce(segments: Segment[], fromMs: number, toMs: number): boolean {
  const sorted = [...segments].sort((a, b) => a.fromMs - b.fromMs);
  let cursor = fromMs;
  for (const segment of sorted) {
    if (segment.fromMs !== cursor) return false;
    cursor = segment.toMs;
  }
  return cursor === toMs;
}

describe('the time plan of an analytics range', () => {
  it('reads whole days from day rollups and only the ragged edges from finer sources', () => {
    const segments = planSegments(at('2026-01-10T10:20:30.500Z'), at('2026-01-13T02:00:00Z'), 'day');
    expect(show(segments)).toEqual([
      'day 2026-01-11T00:00:00.000Z 2026-01-13T00:00:00.000Z',
      'hour 2026-01-10T11:00:00.000Z 2026-01-11T00:00:00.000Z',
      'minute 2026-01-10T10:21:00.000Z 2026-01-10T11:00:00.000Z',
      'raw 2026-01-10T10:20:30.500Z 2026-01-10T10:21:00.000Z',
      'hour 2026-01-13T00:00:00.000Z 2026-01-13T02:00:00.000Z',
    ]);
  });

  it('never uses rows coarser than the trend interval', () => {
    const segments = planSegments(at('2026-01-10T00:00:00Z'), at('2026-01-12T00:00:00Z'), 'hour');
    expect(segments).toEqual([{ source: 'hour', fromMs: at('2026-01-10T00:00:00Z'), toMs: at('2026-01-12T00:00:00Z') }]);
  });

  it('reads a range inside one minute from raw spans only', () => {
    const segments = planSegments(at('2026-01-10T00:00:10Z'), at('2026-01-10T00:00:50Z'), 'day');
    expect(segments).toEqual([{ source: 'raw', fromMs: at('2026-01-10T00:00:10Z'), toMs: at('2026-01-10T00:00:50Z') }]);
  });

  it('covers any range exactly once, without gaps or overlaps', () => {
    let seed = 3;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    for (let i = 0; i < 2000; i += 1) {
      const fromMs = at('2026-01-01T00:00:00Z') + Math.floor(random() * 40 * RESOLUTION_MS.day);
      const toMs = fromMs + 1 + Math.floor(random() * random() * 20 * RESOLUTION_MS.day);
      for (const coarsest of ['minute', 'hour', 'day'] as const) {
        expect(coveredExactlyOnce(planSegments(fromMs, toMs, coarsest), fromMs, toMs)).toBe(true);
      }
    }
  });
});

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

import { describe, expect, it } from 'vitest';
import { planSegments, RESOLUTION_MS, type Segment } from './time-plan.js';

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

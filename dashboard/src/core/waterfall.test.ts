import { describe, expect, it } from 'vitest';
import { waterfallRows } from './waterfall';

const span = (span_id: string, parent_span_id: string | null, startMs: number, latency_ms: number) => ({
  span_id,
  parent_span_id,
  start_time: new Date(Date.parse('2026-12-03T12:00:00Z') + startMs).toISOString(),
  latency_ms,
});

describe('waterfall rows', () => {
  it('orders the tree depth-first with children by start, and places bars on the trace timeline', () => {
    const rows = waterfallRows([span('c2', 'root', 60, 20), span('root', null, 0, 100), span('c1', 'root', 10, 40), span('g1', 'c1', 20, 10)]);
    expect(rows.map((row) => [row.span.span_id, row.depth])).toEqual([['root', 0], ['c1', 1], ['g1', 2], ['c2', 1]]);
    expect(rows.map((row) => [row.offset, row.width])).toEqual([[0, 1], [0.1, 0.4], [0.2, 0.1], [0.6, 0.2]]);
  });

  it('shows a span whose parent is missing as a root, and survives a cycle', () => {
    const rows = waterfallRows([span('a', 'gone', 0, 5), span('b', 'c', 1, 1), span('c', 'b', 2, 1)]);
    expect(rows.map((row) => row.span.span_id)).toEqual(['a']);
    expect(waterfallRows([])).toEqual([]);
  });

  it('handles a 10,000-deep chain without recursion', () => {
    const chain = Array.from({ length: 10_000 }, (_, i) => span(`s${i}`, i === 0 ? null : `s${i - 1}`, i, 1));
    const rows = waterfallRows(chain);
    expect(rows).toHaveLength(10_000);
    expect(rows.at(-1)!.depth).toBe(9_999);
  });
});

/**
 * Which source answers which part of a time range: whole UTC days from day rollups, whole
 * hours from hour rollups, whole minutes from minute rollups, and the partial minutes at
 * the edges from raw spans, so results are exact for any range while reading few rows.
 */

export type Resolution = 'minute' | 'hour' | 'day';
export type SegmentSource = Resolution | 'raw';

export interface Segment {
  source: SegmentSource;
  /** inclusive, epoch ms */
  fromMs: number;
  /** exclusive, epoch ms */
  toMs: number;
}

export const RESOLUTION_MS: Record<Resolution, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };
const FINER: Record<Resolution, SegmentSource> = { day: 'hour', hour: 'minute', minute: 'raw' };

/**
 * Covers [fromMs, toMs) with segments no coarser than `coarsest`, using the coarsest
 * aligned blocks possible. Segments are disjoint, ordered by source then time.
 */
export function planSegments(fromMs: number, toMs: number, coarsest: Resolution): Segment[] {
  const segments: Segment[] = [];
  cover(fromMs, toMs, coarsest, segments);
  return segments;
}

function cover(fromMs: number, toMs: number, source: SegmentSource, out: Segment[]): void {
  if (fromMs >= toMs) return;
  if (source === 'raw') {
    out.push({ source, fromMs, toMs });
    return;
  }
  const size = RESOLUTION_MS[source];
  const alignedFrom = Math.ceil(fromMs / size) * size;
  const alignedTo = Math.floor(toMs / size) * size;
  if (alignedFrom >= alignedTo) {
    cover(fromMs, toMs, FINER[source], out);
    return;
  }
  out.push({ source, fromMs: alignedFrom, toMs: alignedTo });
  cover(fromMs, alignedFrom, FINER[source], out);
  cover(alignedTo, toMs, FINER[source], out);
}

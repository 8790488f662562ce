import { invalidParameter } from './errors.js';

/**
 * Opaque keyset cursors: the sort key of the last row of a page, base64url-encoded JSON.
 * Lists sort newest first by (start_time, id...), so the next page is "strictly before
 * this key": stable under concurrent inserts, no OFFSET.
 */
export type CursorKind = 'traces' | 'spans' | 'alerts';

export interface Position {
  /** start time of the last row, µs since the epoch (the stored precision) */
  startUs: string;
  /** traces: [trace_id]; spans: [span_id, trace_id] */
  ids: string[];
}

const ID_COUNT: Record<CursorKind, number> = { traces: 1, spans: 2, alerts: 1 };

export function encodeCursor(kind: CursorKind, position: Position): string {
  return Buffer.from(JSON.stringify({ k: kind, t: position.startUs, i: position.ids })).toString('base64url');
}

/** The position a cursor encodes; a 400 naming `cursor` when it was not made by this list. */
export function decodeCursor(kind: CursorKind, cursor: string): Position {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidParameter('cursor', 'not a cursor of this list; pass next_cursor unchanged');
  }
  const { k, t, i } = (decoded ?? {}) as { k?: unknown; t?: unknown; i?: unknown };
  const valid =
    k === kind &&
    typeof t === 'string' &&
    /^-?\d{1,19}$/.test(t) &&
    Array.isArray(i) &&
    i.length === ID_COUNT[kind] &&
    i.every((id) => typeof id === 'string' && id.length <= 64);
  if (!valid) throw invalidParameter('cursor', 'not a cursor of this list; pass next_cursor unchanged');
  return { startUs: t, ids: i as string[] };
}

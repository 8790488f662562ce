import { encodeCursor, type CursorKind, type Position } from './cursor.js';
import type { Pagination } from './schemas/span.js';

/**
 * A page from `limit + 1` rows: the extra row only tells that more follow; the cursor is
 * the sort key of the last row served.
 */
export function toPage<Row, Item>(
  rows: Row[],
  limit: number,
  kind: CursorKind,
  positionOf: (row: Row) => Position,
  toItem: (row: Row) => Item,
): { data: Item[]; pagination: Pagination } {
  const hasMore = rows.length > limit;
  const served = hasMore ? rows.slice(0, limit) : rows;
  const last = served.at(-1);
  return {
    data: served.map(toItem),
    pagination: { limit, next_cursor: hasMore && last !== undefined ? encodeCursor(kind, positionOf(last)) : null, has_more: hasMore },
  };
}

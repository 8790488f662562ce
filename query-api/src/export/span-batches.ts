import type { Database } from '../database.js';
import type { Position } from '../cursor.js';
import type { SpanFilters } from '../params/span-filters.js';
import { planSearch } from '../search.js';
import type { SpanRow } from '@lumina/db';
import { spanListQuery } from '../sql/span-queries.js';

/**
 * The matching spans in keyset batches, newest first: memory holds one batch whatever the
 * total, and no transaction stays open between batches.
 */
export async function* spanBatches(db: Database, projectId: string, filters: SpanFilters, batchSize: number, maxSpans: number): AsyncGenerator<SpanRow[]> {
  let after: Position | null = null;
  let left = maxSpans;
  const search = await planSearch(db, projectId, filters, 'spans');
  while (left > 0) {
    const size = Math.min(batchSize, left);
    const rows: SpanRow[] = await db.rows<SpanRow>(spanListQuery(projectId, filters, search, after, size));
    const batch = rows.slice(0, size);
    if (batch.length > 0) yield batch;
    const last = batch.at(-1);
    if (rows.length <= size || last === undefined) return;
    left -= batch.length;
    after = { startUs: last.start_us, ids: [last.span_id, last.trace_id] };
  }
}

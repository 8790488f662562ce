import type pg from 'pg';

/**
 * The write-side upkeep the batch statement leaves behind: folding rollup and mapping-report
 * deltas and indexing queued spans for search. All are safe from any number of callers at once (an advisory lock
 * lets one fold at a time; SKIP LOCKED hands each indexer its own rows), and readers already
 * see unfolded deltas and unindexed spans, so running them late only slows reads.
 */

/** Folds the appended deltas into span_rollups; returns how many were folded (-1: another caller is folding). */
export async function compactRollups(db: pg.Pool | pg.PoolClient): Promise<number> {
  const result = await db.query<{ folded: string }>('SELECT lumina_compact_span_rollups() AS folded');
  return Number(result.rows[0]?.folded ?? 0);
}

/** Folds the mapping report's appended deltas into convention_stats; returns how many were folded (-1: another caller is folding). */
export async function foldConventionDeltas(db: pg.Pool | pg.PoolClient): Promise<number> {
  const result = await db.query<{ folded: string }>('SELECT lumina_fold_convention_deltas() AS folded');
  return Number(result.rows[0]?.folded ?? 0);
}

/** Indexes up to `maxSpans` queued spans for text search; returns how many were indexed. */
export async function indexQueuedSpans(db: pg.Pool | pg.PoolClient, maxSpans: number): Promise<number> {
  const result = await db.query<{ indexed: number }>('SELECT lumina_index_span_search($1::integer) AS indexed', [maxSpans]);
  return result.rows[0]?.indexed ?? 0;
}

/** Runs all three until nothing is left (tests and loaders that need the read side settled). */
export async function settleUpkeep(db: pg.Pool, batch = 1000): Promise<{ folded: number; indexed: number }> {
  const folded = await compactRollups(db);
  await foldConventionDeltas(db);
  let indexed = 0;
  for (;;) {
    const done = await indexQueuedSpans(db, batch);
    indexed += done;
    if (done < batch) break;
  }
  return { folded, indexed };
}

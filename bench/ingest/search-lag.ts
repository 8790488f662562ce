import { setTimeout as sleep } from 'node:timers/promises';
import type pg from 'pg';

/** How far the search indexer (upkeep) was behind when the last span was stored. */
export interface SearchLag {
  /** spans waiting in span_search_queue when the last span was stored */
  queuedAtStored: number;
  /** seconds from the last span stored until the queue was empty */
  catchUpSeconds: number;
}

const GIVE_UP_MS = 600_000;

/** Counts the search queue now, then waits until the indexer emptied it; `storedAt` is performance.now() of the last span stored. */
export async function waitForSearchIndex(pool: pg.Pool, storedAt: number): Promise<SearchLag> {
  const queued = async () => Number((await pool.query<{ n: string }>('SELECT count(*) AS n FROM span_search_queue')).rows[0]!.n);
  const queuedAtStored = await queued();
  let left = queuedAtStored;
  while (left > 0) {
    if (performance.now() - storedAt > GIVE_UP_MS) throw new Error(`the search indexer still has ${left} spans queued ${GIVE_UP_MS / 1000} s after the last span was stored`);
    await sleep(100);
    left = await queued();
  }
  return { queuedAtStored, catchUpSeconds: queuedAtStored === 0 ? 0 : (performance.now() - storedAt) / 1000 };
}

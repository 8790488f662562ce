import { COMPACT_SPAN_ROLLUPS_SQL, INDEX_SPAN_SEARCH_SQL } from '@lumina/db';
import type { Logger } from 'pino';
import type { QueryApiConfig } from '../config.js';
import type { Database } from '../database.js';
import { repeatingJob, type RepeatingJob } from './repeating-job.js';

/**
 * The write-side upkeep the processors leave to us (db/src/rollup-sql.ts): folding rollup
 * deltas and indexing queued spans for search. Both are safe from several replicas at once,
 * and readers already see unfolded deltas and unindexed spans, so this only keeps reads fast.
 */
export function maintenanceJobs(db: Database, config: QueryApiConfig, logger: Logger): RepeatingJob[] {
  return [
    repeatingJob(
      'compact-rollups',
      config.ROLLUP_COMPACT_INTERVAL_MS,
      async () => {
        await db.rows({ text: COMPACT_SPAN_ROLLUPS_SQL, values: [] });
        return { moreWork: false };
      },
      logger,
    ),
    repeatingJob(
      'index-search',
      config.SEARCH_INDEX_INTERVAL_MS,
      async () => {
        const [row] = await db.rows<{ indexed: number }>({ text: INDEX_SPAN_SEARCH_SQL, values: [config.SEARCH_INDEX_BATCH] });
        return { moreWork: (row?.indexed ?? 0) >= config.SEARCH_INDEX_BATCH };
      },
      logger,
    ),
  ];
}

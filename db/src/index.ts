export { migrate } from './migrate.js';
export { ensureDatabase, dropDatabase } from './ensure-database.js';
export { ensureSpanPartitions, daysAround, utcDay } from './partitions.js';
export { splitDatabaseUrl, withDatabase } from './database-url.js';
export {
  SPAN_ROLLUP_CTE,
  SPAN_SEARCH_QUEUE_CTE,
  QUERY_SIDE_CTES,
  INS_COLUMNS_READ,
  COMPACT_SPAN_ROLLUPS_SQL,
  INDEX_SPAN_SEARCH_SQL,
} from './rollup-sql.js';

export { migrate } from './migrate.js';
export { ensureDatabase, dropDatabase } from './ensure-database.js';
export { ensureSpanPartitions, daysAround, utcDay } from './partitions.js';
export { splitDatabaseUrl, withDatabase } from './database-url.js';
export { SPAN_ROLLUP_CTE } from './rollup-sql.js';

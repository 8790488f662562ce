import { parseCleanupSchedule, parseServiceConfig } from '@lumina/core';
import { baseEnv, portEnv } from '@lumina/runtime';
import { z } from 'zod';

const UpkeepEnv = z.object({
  ...baseEnv('DATABASE_URL', 'LOG_LEVEL'),
  ROLLUP_COMPACT_INTERVAL_MS: z.coerce.number().int().positive().default(1_000),
  SEARCH_INDEX_INTERVAL_MS: z.coerce.number().int().positive().default(1_000),
  /** spans indexed per statement; the indexer runs again at once while it finds a full batch */
  SEARCH_INDEX_BATCH: z.coerce.number().int().positive().default(1_000),
  /** days spans, trace summaries, search documents and feedback are kept; a project may override it (projects.trace_retention_days) */
  TRACE_RETENTION_DAYS: z.coerce.number().int().min(1).default(7),
  /** days the analytics rollups are kept */
  ROLLUP_RETENTION_DAYS: z.coerce.number().int().min(1).default(90),
  /** when retention runs: cron, 5 fields (or 6 with seconds first), in UTC */
  CLEANUP_SCHEDULE: z
    .string()
    .default('0 2 * * *')
    .refine((expression) => {
      try {
        parseCleanupSchedule(expression);
        return true;
      } catch {
        return false;
      }
    }, 'not a cron expression (5 fields, or 6 with seconds first)'),
  /** a folder: each span day partition is written there as gzip NDJSON before its drop; empty: no archive */
  RETENTION_ARCHIVE_DIR: z.string().default(''),
  /** rows a retention DELETE statement removes at most (row-by-row deletes only; partitions are dropped whole) */
  RETENTION_DELETE_BATCH: z.coerce.number().int().min(1).default(5_000),
  /** how long a partition drop waits for its table's lock before stepping back (it retries, then leaves it for the next run) */
  RETENTION_LOCK_TIMEOUT_MS: z.coerce.number().int().min(1).default(5_000),
  UPKEEP_HTTP_HOST: z.string().default('127.0.0.1'),
  UPKEEP_HTTP_PORT: portEnv(8084),
});

export type UpkeepConfig = z.infer<typeof UpkeepEnv>;

/** Parses the environment into the upkeep configuration; throws a readable error on bad values. */
export function loadUpkeepConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<UpkeepConfig> = {}): UpkeepConfig {
  return parseServiceConfig('upkeep', UpkeepEnv, env, overrides);
}

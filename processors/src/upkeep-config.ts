import { parseServiceConfig } from '@lumina/core';
import { baseEnv, portEnv } from '@lumina/runtime';
import { z } from 'zod';

const UpkeepEnv = z.object({
  ...baseEnv('DATABASE_URL', 'LOG_LEVEL'),
  ROLLUP_COMPACT_INTERVAL_MS: z.coerce.number().int().positive().default(1_000),
  SEARCH_INDEX_INTERVAL_MS: z.coerce.number().int().positive().default(1_000),
  /** spans indexed per statement; the indexer runs again at once while it finds a full batch */
  SEARCH_INDEX_BATCH: z.coerce.number().int().positive().default(1_000),
  UPKEEP_HTTP_HOST: z.string().default('127.0.0.1'),
  UPKEEP_HTTP_PORT: portEnv(8084),
});

export type UpkeepConfig = z.infer<typeof UpkeepEnv>;

/** Parses the environment into the upkeep configuration; throws a readable error on bad values. */
export function loadUpkeepConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<UpkeepConfig> = {}): UpkeepConfig {
  return parseServiceConfig('upkeep', UpkeepEnv, env, overrides);
}

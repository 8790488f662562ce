import type { Logger } from 'pino';
import type { KeyVerifier } from '@lumina/runtime';
import type { ResponseCache } from './cache.js';
import type { Database } from './database.js';
import type { QueryApiMetrics } from './metrics.js';

/** What every route may use; built once by the service. */
export interface RouteDeps {
  db: Database;
  cache: ResponseCache;
  metrics: QueryApiMetrics;
  logger: Logger;
  /** the clock, for analytics defaults (`to` = now) */
  now: () => number;
  /** API keys (OPEN_ACCESS with AUTH_REQUIRED off: everything is the default project) */
  verifier: KeyVerifier;
  /** the dashboard's files and the replay service it reaches through this API; absent in unit tests of the API alone */
  dashboard?: { dir: string; replayUrl: string; replayTimeoutMs: number };
}

/** Per-request values set by middleware. */
export interface AppEnv {
  Variables: {
    /** the tenant every query filters on; 'default' until API keys exist */
    projectId: string;
  };
}

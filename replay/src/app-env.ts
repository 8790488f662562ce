import type { Logger } from 'pino';
import type { KeyVerifier } from '@lumina/runtime';
import type { ReplayConfig } from './config.js';
import type { Database } from './database.js';
import type { ProviderClients } from './execute/provider-clients.js';
import type { ReplayMetrics } from './metrics.js';
import type { RunWorker } from './run/run-worker.js';

/** What every route may use; built once by the service. */
export interface RouteDeps {
  db: Database;
  config: ReplayConfig;
  clients: ProviderClients;
  worker: Pick<RunWorker, 'kick'>;
  metrics: ReplayMetrics;
  logger: Logger;
  now: () => number;
  /** API keys (OPEN_ACCESS with AUTH_REQUIRED off: everything is the default project) */
  verifier: KeyVerifier;
}

/** Per-request values set by middleware. */
export interface AppEnv {
  Variables: {
    /** the tenant every query filters on: the API key's project, or 'default' with auth off */
    projectId: string;
  };
}

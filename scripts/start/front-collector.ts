import { join } from 'node:path';
import { CollectorError, parseKind, startCollector } from '../collector/index.js';

export interface FrontCollector {
  describe: string;
  stop(): Promise<void>;
}

/**
 * Starts the collector on the standard OTLP ports in front of ingest (:9411). Without Go the
 * platform runs on without it, and we say how to get one.
 */
export async function startFrontCollector(kindName: string, dataDir: string): Promise<FrontCollector | null> {
  const kind = parseKind(kindName);
  try {
    const running = await startCollector(kind, {
      env: {
        LUMINA_INGEST_ENDPOINT: process.env.LUMINA_INGEST_ENDPOINT ?? 'http://127.0.0.1:9411',
        LUMINA_COLLECTOR_STORAGE_DIR: process.env.LUMINA_COLLECTOR_STORAGE_DIR ?? join(dataDir, 'collector', kind, 'storage'),
      },
      stdio: 'inherit',
      readyTimeoutMs: 60_000,
    });
    return {
      describe: `${kind} OTLP gRPC ${running.endpoints.otlpGrpc}, OTLP/HTTP ${running.endpoints.otlpHttp} → ingest :9411`,
      stop: () => running.stop(),
    };
  } catch (error) {
    if (error instanceof CollectorError) {
      console.warn(`collector not started (${error.code}): ${error.message}`);
      console.warn('The platform runs without it: ingest listens on :9411. Install Go 1.26+ (https://go.dev/dl) to build one.');
      return null;
    }
    throw error;
  }
}

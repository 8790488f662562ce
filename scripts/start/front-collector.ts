import { join } from 'node:path';
import { ensureCollector, parseKind, startCollector, type CollectorKind } from '../collector/index.js';

export interface FrontCollector {
  describe: string;
  /** Base URL of its OTLP/HTTP receiver (apps append /v1/traces). */
  otlpHttp: string;
  /** Resolves with the exit code when the collector process ends. */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

/**
 * Checks LUMINA_COLLECTOR and makes sure the binary exists (building it the first time, which
 * takes minutes), before anything else starts. Throws a CollectorError that says what is
 * missing: no Go, an unknown kind, or `nats`, which cannot be built (collector-config/README.md).
 */
export async function prepareFrontCollector(kindName: string): Promise<CollectorKind> {
  const kind = parseKind(kindName);
  await ensureCollector(kind, { log: (line) => console.log(`[collector] ${line}`) });
  return kind;
}

/**
 * Starts the collector on the standard OTLP ports (LUMINA_COLLECTOR_OTLP_GRPC_PORT /
 * _OTLP_HTTP_PORT override them) in front of ingest's OTLP/HTTP port.
 */
export async function startFrontCollector(kind: CollectorKind, dataDir: string, ingestHttpPort: number): Promise<FrontCollector> {
  const ingestEndpoint = process.env.LUMINA_INGEST_ENDPOINT ?? `http://127.0.0.1:${ingestHttpPort}`;
  const running = await startCollector(kind, {
    env: {
      LUMINA_INGEST_ENDPOINT: ingestEndpoint,
      LUMINA_COLLECTOR_STORAGE_DIR: process.env.LUMINA_COLLECTOR_STORAGE_DIR ?? join(dataDir, 'collector', kind, 'storage'),
    },
    stdio: 'inherit',
    readyTimeoutMs: 60_000,
    // Ctrl-C reaches `npm start` only; it stops the collector first, while ingest still
    // takes what the collector flushes, then the services.
    detached: true,
  });
  return {
    describe: `${kind}: OTLP gRPC ${running.endpoints.otlpGrpc}, OTLP/HTTP ${running.endpoints.otlpHttp} → ingest ${ingestEndpoint} (LLM traces only)`,
    otlpHttp: running.endpoints.otlpHttp,
    exited: running.exited,
    stop: () => running.stop(),
  };
}

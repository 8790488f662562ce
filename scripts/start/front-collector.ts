import { join } from 'node:path';
import { LOGS_SUBJECT, SPANS_SUBJECT } from '@lumina/core';
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
 * missing: no Go, or an unknown kind.
 */
export async function prepareFrontCollector(kindName: string): Promise<CollectorKind> {
  const kind = parseKind(kindName);
  await ensureCollector(kind, { log: (line) => console.log(`[collector] ${line}`) });
  return kind;
}

/** Where each kind sends what it keeps, and the variables that say so. */
function routeOf(kind: CollectorKind, ingestHttpPort: number): { env: Record<string, string>; describe: string } {
  if (kind === 'nats') {
    // The same server and subject the services use (ingest creates the stream at start-up).
    const natsUrl = process.env.LUMINA_NATS_URL ?? process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
    const subject = process.env.LUMINA_NATS_SUBJECT ?? process.env.SPANS_SUBJECT ?? SPANS_SUBJECT;
    const logsSubject = process.env.LUMINA_NATS_LOGS_SUBJECT ?? process.env.LOGS_SUBJECT ?? LOGS_SUBJECT;
    return {
      env: { LUMINA_NATS_URL: natsUrl, LUMINA_NATS_SUBJECT: subject, LUMINA_NATS_LOGS_SUBJECT: logsSubject },
      describe: `JetStream ${natsUrl} subjects ${subject}, ${logsSubject}`,
    };
  }
  const ingestEndpoint = process.env.LUMINA_INGEST_ENDPOINT ?? `http://127.0.0.1:${ingestHttpPort}`;
  return { env: { LUMINA_INGEST_ENDPOINT: ingestEndpoint }, describe: `ingest ${ingestEndpoint}` };
}

/**
 * Starts the collector on the standard OTLP ports (LUMINA_COLLECTOR_OTLP_GRPC_PORT /
 * _OTLP_HTTP_PORT override them): `stock` in front of ingest's OTLP/HTTP port, `nats`
 * publishing to the services' JetStream subject.
 */
export async function startFrontCollector(kind: CollectorKind, dataDir: string, ingestHttpPort: number): Promise<FrontCollector> {
  const route = routeOf(kind, ingestHttpPort);
  const running = await startCollector(kind, {
    env: {
      ...route.env,
      LUMINA_COLLECTOR_STORAGE_DIR: process.env.LUMINA_COLLECTOR_STORAGE_DIR ?? join(dataDir, 'collector', kind, 'storage'),
    },
    stdio: 'inherit',
    readyTimeoutMs: 60_000,
    // Ctrl-C reaches `npm start` only; it stops the collector first, while ingest still
    // takes what the collector flushes, then the services.
    detached: true,
  });
  return {
    describe: `${kind}: OTLP gRPC ${running.endpoints.otlpGrpc}, OTLP/HTTP ${running.endpoints.otlpHttp} → ${route.describe} (LLM traces only)`,
    otlpHttp: running.endpoints.otlpHttp,
    exited: running.exited,
    stop: () => running.stop(),
  };
}

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freeCollectorPorts, startCollector, type CollectorKind, type RunningCollector } from '../../scripts/collector/index.js';

export interface BenchCollector {
  collector: RunningCollector;
  /** Where the load generator sends: the collector's OTLP/HTTP traces endpoint. */
  tracesUrl: string;
  stop(): Promise<void>;
}

/** Where the bench's platform listens: ingest for `stock`, JetStream for `nats`. */
export interface BenchRoute {
  ingestHttpPort: number;
  natsUrl: string;
  subject: string;
}

/**
 * A collector with the shipped configs (selection included) in front of the bench's platform,
 * sized for the bench: the trace buffer holds every bench trace (no eviction).
 */
export async function startBenchCollector(kind: CollectorKind, route: BenchRoute, totalSpans: number): Promise<BenchCollector> {
  const storageDir = await mkdtemp(join(tmpdir(), `lumina-bench-collector-${kind}-`));
  const collector = await startCollector(kind, {
    env: {
      ...(await freeCollectorPorts()),
      LUMINA_INGEST_ENDPOINT: `http://127.0.0.1:${route.ingestHttpPort}`,
      LUMINA_NATS_URL: route.natsUrl,
      LUMINA_NATS_SUBJECT: route.subject,
      LUMINA_COLLECTOR_STORAGE_DIR: storageDir,
      LUMINA_COLLECTOR_LOG_LEVEL: 'warn',
      LUMINA_LLM_MAX_PENDING_TRACES: String(totalSpans + 10_000),
      LUMINA_LLM_EXPECTED_TRACES_PER_SEC: '20000',
    },
  });
  return {
    collector,
    tracesUrl: `${collector.endpoints.otlpHttp}/v1/traces`,
    async stop() {
      await collector.stop();
      await rm(storageDir, { recursive: true, force: true });
    },
  };
}

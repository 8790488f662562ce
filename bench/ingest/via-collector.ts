import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freeCollectorPorts, startCollector, type RunningCollector } from '../../scripts/collector/index.js';

export interface BenchCollector {
  collector: RunningCollector;
  /** Where the load generator sends: the collector's OTLP/HTTP traces endpoint. */
  tracesUrl: string;
  stop(): Promise<void>;
}

/**
 * The stock collector with the shipped configs in front of ingest's OTLP/HTTP port, sized
 * for the bench: every bench span is a trace of its own, so the pending-trace buffer holds
 * them all (no eviction), and a trace is decided `decisionWaitAfterRoot` after its root.
 */
export async function startBenchCollector(ingestHttpPort: number, totalSpans: number, decisionWaitAfterRoot: string): Promise<BenchCollector> {
  const storageDir = await mkdtemp(join(tmpdir(), 'lumina-bench-collector-'));
  const collector = await startCollector('stock', {
    env: {
      ...(await freeCollectorPorts()),
      LUMINA_INGEST_ENDPOINT: `http://127.0.0.1:${ingestHttpPort}`,
      LUMINA_COLLECTOR_STORAGE_DIR: storageDir,
      LUMINA_COLLECTOR_LOG_LEVEL: 'warn',
      LUMINA_LLM_DECISION_WAIT_AFTER_ROOT: decisionWaitAfterRoot,
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

import type { ChildProcess } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findFreePorts } from '../../scripts/collector/ports.js';
import { processorProcessEnv, processorProcesses, processorReplicaCount } from '../../scripts/start/processor-replicas.js';
import { bundleServices } from '../../scripts/start/bundle-services.js';
import { startService, stopService, waitHealthy } from './processes.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The bench's own stream, subject and consumer names (never the ones `npm start` uses). */
export const BENCH_QUEUE = {
  SPANS_STREAM: 'LUMINA_SPANS_BENCH',
  SPANS_SUBJECT: 'lumina.bench.spans.otlp',
  DLQ_STREAM: 'LUMINA_DLQ_BENCH',
  DLQ_SUBJECT: 'lumina.bench.dlq',
  PROCESSOR_CONSUMER: 'processors-bench',
  // The alerts facts and gen_ai log events of the bench's own, never the platform's defaults.
  FACTS_STREAM: 'LUMINA_FACTS_BENCH',
  FACTS_SUBJECT: 'lumina.bench.facts',
  LOGS_STREAM: 'LUMINA_LOGS_BENCH',
  LOGS_SUBJECT: 'lumina.bench.logs.otlp',
  PROCESSOR_LOGS_CONSUMER: 'processors-logs-bench',
  ALERTER_CONSUMER: 'alerter-bench',
};

export interface BenchPlatform {
  /** every service process by name (ingest, processors or processors-1…N, processors-express, and with `whole` upkeep, query-api, replay, alerter) */
  processes: Record<string, ChildProcess>;
  ingestHttpPort: number;
  /** each processors process's Prometheus endpoint (their stored-spans counters) */
  processorsMetricsUrls: string[];
  /** the query API's base URL (whole platform only) */
  queryUrl: string | null;
  stop(): Promise<void>;
}

/**
 * The platform on `databaseUrl` as separate processes on free ports. `whole`: as `npm start`
 * runs it (ingest, processors, upkeep, query API, replay, alerter: background work included);
 * otherwise ingest and processors only (the pipeline alone, as bench entries before issue #22).
 * The processors run as `npm start` runs them: `PROCESSORS_REPLICAS` bulk replicas (one per core by
 * default) and one express-lane process.
 * `env` adds to ingest's and the processors' environment (e.g. `--guardrails` variants).
 */
export async function startBenchPlatform(
  databaseUrl: string,
  natsUrl: string,
  whole: boolean,
  env: { ingest?: Record<string, string>; processors?: Record<string, string> } = {},
): Promise<BenchPlatform> {
  const processors = processorProcesses(processorReplicaCount());
  const [grpcPort, httpPort, upkeepPort, queryPort, replayPort, alerterPort, ...processorPorts] = (await findFreePorts(6 + processors.length)) as [number, number, number, number, number, number, ...number[]];
  const common = { ...BENCH_QUEUE, NATS_URL: natsUrl, DATABASE_URL: databaseUrl };
  // Compiled as `npm start` compiles them, into a directory of this run's own.
  const bundleDir = join(root, '.lumina', `bench-services-${process.pid}`);
  const bundles = await bundleServices(root, bundleDir);
  const processes: Record<string, ChildProcess> = {
    ingest: startService(bundles.ingest, { ...common, INGEST_GRPC_PORT: String(grpcPort), INGEST_HTTP_PORTS: String(httpPort), ...env.ingest }),
  };
  for (const each of processors) {
    processes[each.name] = startService(bundles.processors, { ...common, PROCESSOR_HTTP_PORT: String(processorPorts[each.index]), ...processorProcessEnv(each, process.env), ...env.processors });
  }
  const health = [`http://127.0.0.1:${httpPort}/ready`, ...processorPorts.map((port) => `http://127.0.0.1:${port}/health`)];
  if (whole) {
    const prefix = `lumina-bench:${process.pid}:${Date.now()}:`;
    processes.upkeep = startService(bundles.upkeep, { ...common, UPKEEP_HTTP_PORT: String(upkeepPort) });
    processes['query-api'] = startService(bundles['query-api'], { ...common, QUERY_API_PORT: String(queryPort), QUERY_CACHE_PREFIX: `${prefix}query:` });
    processes.replay = startService(bundles.replay, { ...common, REPLAY_PORT: String(replayPort), REPLAY_REDIS_PREFIX: `${prefix}replay:` });
    processes.alerter = startService(bundles.alerter, { ...common, ALERTER_HTTP_PORT: String(alerterPort) });
    health.push(`http://127.0.0.1:${upkeepPort}/health`, `http://127.0.0.1:${queryPort}/health`, `http://127.0.0.1:${replayPort}/health`, `http://127.0.0.1:${alerterPort}/health`);
  }
  // Ready means the stream exists, which the nats collector needs as much as ingest does.
  await Promise.all(health.map((url) => waitHealthy(url, 120)));
  return {
    processes,
    ingestHttpPort: httpPort,
    processorsMetricsUrls: processorPorts.map((port) => `http://127.0.0.1:${port}/metrics`),
    queryUrl: whole ? `http://127.0.0.1:${queryPort}` : null,
    stop: async () => {
      await Promise.all(Object.values(processes).map((child) => stopService(child)));
      await rm(bundleDir, { recursive: true, force: true });
    },
  };
}

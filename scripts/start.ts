/**
 * `npm start`: the whole platform on one machine. Makes NATS, Postgres and Redis reachable
 * (starting local ones when their binaries are installed), migrates, then runs each service
 * (ingest, processors, upkeep, query API, replay, alerter)
 * as its own process, as production would, and stops them all on Ctrl-C.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { DEFAULT_DATABASE_URL } from '@lumina/core';
import { migrate } from '@lumina/db';
import { ensureLocalServices } from './start/local-services.js';
import { CollectorError } from './collector/index.js';
import { prepareFrontCollector, startFrontCollector, type FrontCollector } from './start/front-collector.js';
import { ensureDashboardBuilt } from './dashboard-build.js';
import { processorProcessEnv, processorProcesses, processorReplicaCount, processorReplicaPort } from './start/processor-replicas.js';
import { bundleServices } from './start/bundle-services.js';
import { SERVICE_ENTRIES, type ServiceEntry } from './start/service-entries.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const databaseUrl = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;

interface ServiceSpec {
  name: string;
  /** which service (its entry point in SERVICE_ENTRIES) */
  entry: ServiceEntry;
  listens: string;
  /** added to the environment of this process only */
  env?: Record<string, string>;
}

// LUMINA_COLLECTOR=stock|nats: the collector takes the standard OTLP ports and ingest keeps 9411
// (stock forwards to it; nats publishes to JetStream itself, and ingest serves apps that skip it).
const collectorKind = process.env.LUMINA_COLLECTOR;
if (collectorKind) {
  process.env.INGEST_HTTP_PORTS ??= '9411';
  process.env.INGEST_GRPC_PORT ??= '14317';
}

// The query API proxies /replay (for the dashboard) to the replay service started here.
process.env.REPLAY_URL ??= `http://127.0.0.1:${process.env.REPLAY_PORT ?? 8082}`;

const services: ServiceSpec[] = [
  {
    name: 'ingest',
    entry: 'ingest',
    listens: `OTLP gRPC :${process.env.INGEST_GRPC_PORT ?? 4317}, OTLP/HTTP :${(process.env.INGEST_HTTP_PORTS ?? '4318,9411').replaceAll(',', ', :')}`,
  },
  ...processorReplicas(),
  { name: 'upkeep', entry: 'upkeep', listens: `rollup folding, search indexing; health/metrics :${process.env.UPKEEP_HTTP_PORT ?? 8084}` },
  { name: 'query-api', entry: 'query-api', listens: `REST and the dashboard :${process.env.QUERY_API_PORT ?? 8081} (/replay proxied to :${process.env.REPLAY_PORT ?? 8082})` },
  {
    name: 'replay',
    entry: 'replay',
    listens: `REST :${process.env.REPLAY_PORT ?? 8082} (${process.env.OPENAI_API_KEY || process.env.ANTHROPIC_API_KEY ? 'live with the configured provider keys' : 'simulation: no provider key set'})`,
  },
  { name: 'alerter', entry: 'alerter', listens: `alert rules on the stream of stored calls, webhooks; health/metrics :${process.env.ALERTER_HTTP_PORT ?? 8085}` },
];

/**
 * The processors as N bulk replicas sharing one durable consumer (`PROCESSORS_REPLICAS`, one per
 * core by default: one Node process is one event loop) and one process for the express lane.
 */
function processorReplicas(): ServiceSpec[] {
  let count: number;
  try {
    count = processorReplicaCount();
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(2);
  }
  const firstPort = Number(process.env.PROCESSOR_HTTP_PORT ?? 8083);
  return processorProcesses(count).map((each) => {
    const port = processorReplicaPort(firstPort, each.index);
    return {
      name: each.name,
      entry: 'processors',
      listens: `${each.lanes} lane; health/metrics :${port}`,
      env: { PROCESSOR_HTTP_PORT: String(port), ...processorProcessEnv(each, process.env) },
    };
  });
}

function run(service: ServiceSpec): ChildProcess {
  // A process group of its own: a terminal's Ctrl-C reaches only this script, and each service
  // gets exactly one SIGTERM from stopAll (a second signal would cut its graceful drain short).
  // Compiled to plain JavaScript when that worked (less memory a process), else through tsx.
  const [command, args] = bundles ? [process.execPath, [bundles[service.entry]]] : [tsx, [join(root, SERVICE_ENTRIES[service.entry])]];
  const child = spawn(command, args, { cwd: root, env: { ...process.env, ...service.env }, stdio: 'inherit', detached: true });
  child.once('exit', (code, signal) => {
    if (!stopping) {
      console.error(`${service.name} exited (${signal ?? code}); stopping the platform`);
      void stopAll(1);
    }
  });
  return child;
}

let stopping = false;
const children: ChildProcess[] = [];
let collector: FrontCollector | null = null;

/** Stops the collector first (it flushes to ingest), then every service; once, whatever calls it. */
function stopAll(exitCode: number): Promise<void> {
  if (stopping) return new Promise(() => {});
  stopping = true;
  return (async () => {
    await collector?.stop();
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
          }),
      ),
    );
    process.exit(exitCode);
  })();
}

let collectorReady: Awaited<ReturnType<typeof prepareFrontCollector>> | null = null;
try {
  // Asked for a collector: have it ready before anything listens, or stop here saying why
  // (without it nothing would take the OTLP ports apps send to).
  if (collectorKind) collectorReady = await prepareFrontCollector(collectorKind);
  await ensureLocalServices(join(root, '.lumina'));
  // The query API serves the dashboard at /: (re)build it when its sources changed since npm ci.
  ensureDashboardBuilt((line) => console.log(line));
  const applied = await migrate(databaseUrl);
  console.log(applied.length > 0 ? `migrations applied: ${applied.join(', ')}` : 'database schema up to date');
} catch (error) {
  if (error instanceof CollectorError) {
    console.error(`LUMINA_COLLECTOR=${collectorKind}: ${error.code}: ${error.message}`);
    console.error('Start without LUMINA_COLLECTOR to have ingest take the OTLP ports itself.');
  } else {
    console.error(error instanceof Error ? error.message : error);
  }
  process.exit(1);
}

let bundles: Record<ServiceEntry, string> | null = null;
try {
  bundles = await bundleServices(root, join(root, '.lumina', 'services'));
} catch (error) {
  console.warn(`compiling the services failed, running them through tsx: ${error instanceof Error ? error.message : String(error)}`);
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void stopAll(0));
for (const service of services) children.push(run(service));
if (collectorReady) {
  const ingestHttpPort = Number((process.env.INGEST_HTTP_PORTS ?? '9411').split(',')[0]);
  try {
    collector = await startFrontCollector(collectorReady, join(root, '.lumina'), ingestHttpPort);
    void collector.exited.then((code) => {
      if (!stopping) {
        console.error(`the collector exited (${code}); stopping the platform`);
        void stopAll(1);
      }
    });
  } catch (error) {
    console.error(`the ${collectorReady} collector did not start: ${error instanceof Error ? error.message : String(error)}`);
    await stopAll(1);
  }
}
console.log('\nLumina is starting:');
if (collector) console.log(`  ${'collector'.padEnd(18)} ${collector.describe}`);
for (const service of services) console.log(`  ${service.name.padEnd(18)} ${service.listens}`);
const otlpHttp = collector ? collector.otlpHttp : `http://127.0.0.1:${(process.env.INGEST_HTTP_PORTS ?? '4318').split(',')[0]}`;
console.log(`Send OTLP to ${otlpHttp}/v1/traces; dashboard http://127.0.0.1:${process.env.QUERY_API_PORT ?? 8081}/, query http://127.0.0.1:${process.env.QUERY_API_PORT ?? 8081}/api/traces. Ctrl-C stops.\n`);
if (!collectorKind) console.log('Tip: LUMINA_COLLECTOR=stock (or nats) npm start puts an OpenTelemetry Collector in front (needs Go).');

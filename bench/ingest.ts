/**
 * npm run bench:ingest [-- --spans 100000 --per-request 200 --concurrency 4 --via stock]
 *
 * Realistic LLM spans (1–2 KB of prompt and response each) sent over OTLP/HTTP protobuf at full
 * speed to a real ingest process, through JetStream, to a real processor process, into Postgres.
 * Prints spans/s end to end (first byte sent → last span stored) beside a raw Postgres COPY of
 * the same rows in the same run, and the processes' peak RSS.
 *
 * --via stock  then sends the same requests, in the same run, to the stock OpenTelemetry
 *              Collector (collector-config/, built with `npm run collector -- build stock`) in
 *              front of a fresh ingest, and prints both paths side by side with their ratio.
 * --via nats   is refused: the nats collector cannot be built (collector-config/README.md).
 *
 * The whole run holds an exclusive flock on /tmp/lumina-bench.lock, so two benchmarks never
 * measure at once.
 */
import { parseArgs } from 'node:util';
import pg from 'pg';
import { dropDatabase, migrate, withDatabase } from '@lumina/db';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { CollectorError, ensureCollector } from '../scripts/collector/index.js';
import { copyBaselineRowsPerSecond } from './ingest/copy-baseline.js';
import { cpuSeconds, cpuSecondsByName, postgresCpuSeconds } from './ingest/cpu-time.js';
import { withBenchLock } from './ingest/lock.js';
import { findFreePorts } from '../scripts/collector/ports.js';
import { peakRssMiB, startService, stopService, waitHealthy } from './ingest/processes.js';
import { realisticRequest } from './ingest/realistic-spans.js';
import { formatReport, type RunResult } from './ingest/report.js';
import { startBenchCollector, type BenchCollector } from './ingest/via-collector.js';

const { values } = parseArgs({
  options: {
    spans: { type: 'string', default: '100000' },
    'per-request': { type: 'string', default: '200' },
    concurrency: { type: 'string', default: '4' },
    /** LLM calls under each root span; 0 makes every span a lone LLM call (worst case for trace summaries) */
    'calls-per-trace': { type: 'string', default: '3' },
    via: { type: 'string' },
    /** The collector's decision delay for a trace whose root arrived (shipped default 6s). */
    'decision-wait-after-root': { type: 'string', default: '1s' },
  },
});
const totalSpans = Number(values.spans);
const perRequest = Number(values['per-request']);
const concurrency = Number(values.concurrency);
const callsPerTrace = Number(values['calls-per-trace']);
const via = values.via;
const decisionWaitAfterRoot = values['decision-wait-after-root'];

if (via !== undefined && via !== 'stock') {
  console.error(`bench:ingest: --via must be stock or nats (got ${via})`);
  process.exit(2);
}

const server = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const natsUrl = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const dbUrls = { direct: withDatabase(server, 'lumina_bench_ingest'), collector: withDatabase(server, 'lumina_bench_ingest_via') };
const copyUrl = withDatabase(server, 'lumina_bench_ingest_copy');
const queue = { SPANS_STREAM: 'LUMINA_SPANS_BENCH', SPANS_SUBJECT: 'lumina.bench.spans.otlp', DLQ_STREAM: 'LUMINA_DLQ_BENCH', DLQ_SUBJECT: 'lumina.bench.dlq', PROCESSOR_CONSUMER: 'processors-bench' };
/** Give up when the stored count has not moved for this long (something lost spans). */
const STALL_MS = 60_000;

async function deleteBenchStreams(): Promise<void> {
  const nc = await connect({ servers: natsUrl });
  const jsm = await jetstreamManager(nc);
  for (const stream of [queue.SPANS_STREAM, queue.DLQ_STREAM]) await jsm.streams.delete(stream).catch(() => false);
  await nc.close();
}

async function storedSpans(pool: pg.Pool): Promise<number> {
  return Number((await pool.query('SELECT count(*) AS n FROM spans')).rows[0].n);
}

/** Polls until every span is stored; fails when the count stops moving (spans were lost). */
async function waitUntilAllStored(pool: pg.Pool, context: () => string): Promise<void> {
  let stored = 0;
  let progressAt = performance.now();
  while (stored < totalSpans) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    const now = await storedSpans(pool);
    if (now > stored) progressAt = performance.now();
    stored = now;
    if (performance.now() - progressAt > STALL_MS) {
      throw new Error(`only ${stored} of ${totalSpans} spans stored, no progress for ${STALL_MS / 1000} s (${context()})`);
    }
  }
}

async function sendAll(requests: Uint8Array[], url: string): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      const body = requests[next++]!;
      for (;;) {
        const response = await fetch(url, { method: 'POST', body, headers: { 'Content-Type': 'application/x-protobuf' } });
        await response.arrayBuffer();
        if (response.ok) break;
        if (response.status !== 503 && response.status !== 429) throw new Error(`${url} answered ${response.status}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/** One measured pass of `requests`: straight to ingest, or through the stock collector. */
async function run(path: 'direct' | 'collector', requests: Uint8Array[]): Promise<RunResult> {
  const dbUrl = dbUrls[path];
  await Promise.all([dropDatabase(dbUrl), deleteBenchStreams()]);
  await migrate(dbUrl);

  const [grpcPort, httpPort, processorPort] = (await findFreePorts(3)) as [number, number, number];
  const ingest = startService('ingest/src/main.ts', { ...queue, NATS_URL: natsUrl, INGEST_GRPC_PORT: String(grpcPort), INGEST_HTTP_PORTS: String(httpPort) });
  const processor = startService('processors/src/main.ts', { ...queue, NATS_URL: natsUrl, DATABASE_URL: dbUrl, PROCESSOR_HTTP_PORT: String(processorPort) });
  await Promise.all([waitHealthy(`http://127.0.0.1:${httpPort}/ready`), waitHealthy(`http://127.0.0.1:${processorPort}/health`)]);

  const via: BenchCollector | null = path === 'collector' ? await startBenchCollector(httpPort, totalSpans, decisionWaitAfterRoot) : null;
  const collector = via?.collector ?? null;
  const target = via?.tracesUrl ?? `http://127.0.0.1:${httpPort}/v1/traces`;

  const pool = new pg.Pool({ connectionString: dbUrl, max: 1 });
  const cpu = () => ({
    processors: cpuSeconds(processor.pid!),
    ingest: cpuSeconds(ingest.pid!),
    ...(collector ? { collector: cpuSeconds(collector.pid) } : {}),
    postgres: postgresCpuSeconds(new URL(dbUrl).pathname.slice(1)),
    'nats-server': cpuSecondsByName('nats-server'),
    'load generator': process.cpuUsage().user / 1e6 + process.cpuUsage().system / 1e6,
  });
  try {
    const cpuBefore = cpu();
    const started = performance.now();
    await sendAll(requests, target);
    const acceptedAt = performance.now();
    await waitUntilAllStored(pool, () => `${path}${collector ? `; collector log tail:\n${collector.logs().split('\n').slice(-20).join('\n')}` : ''}`);
    const storedAt = performance.now();
    const cpuAfter = cpu();
    return {
      accepted: totalSpans / ((acceptedAt - started) / 1000),
      endToEnd: totalSpans / ((storedAt - started) / 1000),
      seconds: (storedAt - started) / 1000,
      rssMiB: { processors: peakRssMiB(processor.pid!), ingest: peakRssMiB(ingest.pid!), ...(collector ? { collector: peakRssMiB(collector.pid) } : {}) },
      cpuSeconds: Object.fromEntries(Object.entries(cpuAfter).map(([name, seconds]) => [name, seconds - cpuBefore[name as keyof typeof cpuBefore]!])),
    };
  } finally {
    await pool.end();
    await via?.stop();
    await Promise.all([stopService(ingest), stopService(processor)]);
  }
}

async function main(): Promise<void> {
  // Build (or find) the collector before measuring anything; the first build takes minutes.
  const collectorBinary = via === 'stock' ? await ensureCollector('stock', { log: (line) => console.log(`[collector] ${line}`) }) : null;

  console.log(`building ${totalSpans} spans in requests of ${perRequest}…`);
  const now = Date.now();
  const requests = Array.from({ length: Math.ceil(totalSpans / perRequest) }, (_, i) =>
    realisticRequest(Math.min(perRequest, totalSpans - i * perRequest), ['checkout', 'support-bot', 'search'], now, callsPerTrace),
  );
  const payloadMiB = requests.reduce((sum, r) => sum + r.length, 0) / 1024 / 1024;

  await dropDatabase(copyUrl);
  await migrate(copyUrl);
  try {
    console.log('direct: sending to ingest…');
    const direct = await run('direct', requests);
    const copy = await copyBaselineRowsPerSecond(dbUrls.direct, copyUrl);
    let viaCollector: RunResult | null = null;
    if (via === 'stock') {
      console.log('via the stock collector: sending to the collector…');
      viaCollector = await run('collector', requests);
    }

    const collectorNote = `stock (${collectorBinary}); decision wait after root ${decisionWaitAfterRoot} (shipped default 6s); batches of 256–512 spans to ingest, gzip, queue on disk`;
    console.log(`\n${formatReport({ totalSpans, payloadMiB, perRequest, concurrency, direct, copy, viaCollector, collectorNote })}`);
    console.log(`  trace shape                 ${callsPerTrace > 0 ? `a root span + ${callsPerTrace} LLM calls` : 'one LLM call per trace'}\n`);
  } finally {
    await Promise.all([dropDatabase(dbUrls.direct), dropDatabase(dbUrls.collector), dropDatabase(copyUrl), deleteBenchStreams()]);
  }
}

try {
  await withBenchLock(main);
} catch (error) {
  console.error(error instanceof CollectorError ? `bench:ingest: ${error.code}: ${error.message}` : error);
  process.exit(1);
}

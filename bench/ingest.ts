/**
 * npm run bench:ingest [-- --spans 100000 --per-request 200 --concurrency 4 --calls-per-trace 3,0 --via stock,nats --pipeline-only]
 *
 * Realistic LLM spans (1–2 KB of prompt and response each) sent over OTLP/HTTP protobuf at full
 * speed to the whole platform as `npm start` runs it (ingest, processors, upkeep with its
 * rollup folding and search indexing, query API, replay: each its own process), through
 * JetStream, into Postgres. Prints spans/s end to end (first byte sent → last span stored)
 * beside a raw Postgres COPY of the same rows in the same run, the search indexer's lag when
 * the last span is stored (queued spans, and seconds until it caught up), the processes' peak
 * RSS, CPU seconds and µs of CPU per span, and the export → queryable delay of small LLM
 * traces sent afterwards (p50/p99 over --delay-samples).
 *
 * --calls-per-trace 3,0  the trace shapes to measure, one after the other (default both):
 *              3 is a root span + 3 LLM calls (four-span traces), 0 every span a lone LLM call
 *              (one call per trace, one trace summary per span).
 * --pipeline-only  ingest and processors alone (no upkeep, query API or replay), as the entries
 *              in BENCHMARKS.md before issue #22 measured.
 *
 * --guardrails  measures the direct path three times in the same run: plain (no PII redaction,
 *              no auth), with redaction, and with redaction and API-key auth at ingest.
 *
 * --content spans,logs  instead compares content on the spans with content sent as gen_ai log
 *              events (as @opentelemetry/instrumentation-openai sends it), on ingest and
 *              processors alone: bench/ingest-content.ts.
 *
 * --via stock,nats  then sends the same requests, in the same run, through each collector
 *              (collector-config/; built on first use) into a fresh platform: `stock` in front
 *              of ingest (OTLP/HTTP), `nats` publishing to JetStream itself (ingest runs only to
 *              create the stream). One column per path, with its ratio to direct.
 *
 * The whole run holds an exclusive flock on /tmp/lumina-bench.lock, so two benchmarks never
 * measure at once.
 */
import { parseArgs } from 'node:util';

// The content-as-log-events comparison is its own bench (ingest and processors alone).
if (process.argv.some((arg) => arg === '--content' || arg.startsWith('--content='))) {
  await import('./ingest-content.js');
  process.exit(process.exitCode ?? 0);
}

import pg from 'pg';
import { dropDatabase, migrate, withDatabase } from '@lumina/db';
import { CollectorError, ensureCollector, parseKind, type CollectorKind } from '../scripts/collector/index.js';
import { copyBaselineRowsPerSecond } from './ingest/copy-baseline.js';
import { cpuSeconds, cpuSecondsByName, postgresCpuSeconds } from './ingest/cpu-time.js';
import { measureExportDelay } from './ingest/export-delay.js';
import { withBenchLock } from './ingest/lock.js';
import { DEFAULT_GUARDRAILS, GUARDRAIL_VARIANTS, guardrailSetup, type Guardrails } from './ingest/guardrails.js';
import { BENCH_QUEUE, startBenchPlatform } from './ingest/platform.js';
import { peakRssMiB } from './ingest/processes.js';
import { isProcessorsProcess, processorReplicaCount } from '../scripts/start/processor-replicas.js';
import { realisticRequest } from './ingest/realistic-spans.js';
import { waitForSearchIndex } from './ingest/search-lag.js';
import { deleteBenchStreams, postUntilTaken, sendAll, storedSpans, storedSpansCounted, waitUntilAllStored } from './ingest/send-and-store.js';
import { formatReport, type PathResult, type RunResult } from './ingest/report.js';
import { startBenchCollector, type BenchCollector } from './ingest/via-collector.js';

const { values } = parseArgs({
  options: {
    spans: { type: 'string', default: '100000' },
    'per-request': { type: 'string', default: '200' },
    concurrency: { type: 'string', default: '4' },
    /** LLM calls under each root span, per shape measured; 0 makes every span a lone LLM call (worst case for trace summaries) */
    'calls-per-trace': { type: 'string', default: '3,0' },
    /** ingest and processors only, without upkeep, query API and replay */
    'pipeline-only': { type: 'boolean', default: false },
    /** Collectors to measure beside the direct path: stock, nats or stock,nats. */
    via: { type: 'string' },
    /** The direct path plain, with PII redaction, and with redaction and API-key auth. */
    guardrails: { type: 'boolean', default: false },
    /** Probe traces for the export → queryable delay of each path. */
    'delay-samples': { type: 'string', default: '40' },
  },
});
const totalSpans = Number(values.spans);
const perRequest = Number(values['per-request']);
const concurrency = Number(values.concurrency);
const shapes = values['calls-per-trace'].split(',').map(Number);
const wholePlatform = !values['pipeline-only'];
if (shapes.some((calls) => !Number.isInteger(calls) || calls < 0)) {
  console.error('bench:ingest: --calls-per-trace takes whole numbers ≥ 0, comma-separated (3,0)');
  process.exit(2);
}
/** The collectors run the shipped selection; LUMINA_LLM_* variables in the environment change it. */
const selection = `sampling_strategy ${process.env.LUMINA_LLM_SAMPLING_STRATEGY ?? 'span-ingest'}, decision wait after root ${process.env.LUMINA_LLM_DECISION_WAIT_AFTER_ROOT ?? '6s'}, batch timeout ${process.env.LUMINA_INGEST_BATCH_TIMEOUT ?? '200ms'}`;
const delaySamples = Number(values['delay-samples']);

let collectorsToMeasure: CollectorKind[];
try {
  collectorsToMeasure = [...new Set((values.via ?? '').split(',').filter(Boolean).map(parseKind))];
} catch (error) {
  console.error(`bench:ingest: --via takes stock, nats or stock,nats (${error instanceof Error ? error.message : String(error)})`);
  process.exit(2);
}

type Path = 'direct' | CollectorKind;
const server = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const natsUrl = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const dbUrls: Record<Path, string> = {
  direct: withDatabase(server, 'lumina_bench_ingest'),
  stock: withDatabase(server, 'lumina_bench_ingest_via'),
  nats: withDatabase(server, 'lumina_bench_ingest_nats'),
};
const copyUrl = withDatabase(server, 'lumina_bench_ingest_copy');
const queue = BENCH_QUEUE;
/** One measured pass of `requests`: straight to ingest, or through a collector; then the delay probes. */
async function run(path: Path, requests: Uint8Array[], guardrails: Guardrails = DEFAULT_GUARDRAILS): Promise<RunResult> {
  const dbUrl = dbUrls[path];
  await Promise.all([dropDatabase(dbUrl), deleteBenchStreams(natsUrl)]);
  await migrate(dbUrl);
  const { ingestEnv, processorEnv, headers } = await guardrailSetup(guardrails, dbUrl);

  const platform = await startBenchPlatform(dbUrl, natsUrl, wholePlatform, { ingest: ingestEnv, processors: processorEnv });
  const route = { ingestHttpPort: platform.ingestHttpPort, natsUrl, subject: queue.SPANS_SUBJECT };
  const via: BenchCollector | null = path === 'direct' ? null : await startBenchCollector(path, route, totalSpans + delaySamples * 4);
  const collector = via?.collector ?? null;
  const target = via?.tracesUrl ?? `http://127.0.0.1:${platform.ingestHttpPort}/v1/traces`;

  const pool = new pg.Pool({ connectionString: dbUrl, max: 1 });
  const cpu = (): Record<string, number> => ({
    ...Object.fromEntries(Object.entries(platform.processes).map(([name, child]) => [name, cpuSeconds(child.pid!)])),
    ...(collector ? { collector: cpuSeconds(collector.pid) } : {}),
    postgres: postgresCpuSeconds(new URL(dbUrl).pathname.slice(1)),
    'nats-server': cpuSecondsByName('nats-server'),
    'load generator': process.cpuUsage().user / 1e6 + process.cpuUsage().system / 1e6,
  });
  const minus = (after: Record<string, number>, before: Record<string, number>) =>
    Object.fromEntries(Object.entries(after).map(([name, seconds]) => [name, seconds - (before[name] ?? 0)]));
  try {
    const cpuBefore = cpu();
    const started = performance.now();
    await sendAll(requests, concurrency, (body) => postUntilTaken(target, body, headers));
    const acceptedAt = performance.now();
    await waitUntilAllStored(totalSpans, () => storedSpansCounted(platform.processorsMetricsUrls), () => `${path}${collector ? `; collector log tail:\n${collector.logs().split('\n').slice(-20).join('\n')}` : ''}`);
    const storedAt = performance.now();
    const cpuStored = cpu();
    // The counter says committed; Postgres, counted once after the clock, must agree.
    const inTable = await storedSpans(pool);
    if (inTable !== totalSpans) throw new Error(`the processors counted ${totalSpans} spans stored but the spans table holds ${inTable}`);
    // The search indexer (upkeep) works behind the processors: how far behind, and how long to catch up.
    const searchLag = wholePlatform ? await waitForSearchIndex(pool, storedAt) : null;
    const cpuAll = cpu();
    const rssMiB = {
      ...Object.fromEntries(Object.entries(platform.processes).map(([name, child]) => [name, peakRssMiB(child.pid!)])),
      ...(collector ? { collector: peakRssMiB(collector.pid) } : {}),
    };
    const delayPool = new pg.Pool({ connectionString: dbUrl, max: 1 });
    const delay = await measureExportDelay(target, delayPool, delaySamples, headers).finally(() => delayPool.end());
    return {
      accepted: totalSpans / ((acceptedAt - started) / 1000),
      endToEnd: totalSpans / ((storedAt - started) / 1000),
      seconds: (storedAt - started) / 1000,
      rssMiB,
      cpuSeconds: minus(cpuStored, cpuBefore),
      cpuSecondsWithIndexing: searchLag ? minus(cpuAll, cpuBefore) : null,
      searchLag,
      delay,
    };
  } finally {
    await pool.end();
    await via?.stop();
    await platform.stop();
  }
}

const COLLECTOR_NOTES: Record<CollectorKind, string> = {
  stock: 'stock: batches of 256–512 spans over OTLP/HTTP to ingest, gzip, queue on disk',
  nats: 'nats: batches of 256–512 spans published to JetStream as otlp_proto (acked, content Nats-Msg-Id), queue on disk; ingest idle',
};

/** Every path for one trace shape, and the COPY of the direct path's rows. */
async function measureShape(callsPerTrace: number): Promise<string> {
  console.log(`trace shape ${shapeName(callsPerTrace)}: building ${totalSpans} spans in requests of ${perRequest}…`);
  const now = Date.now();
  const requests = Array.from({ length: Math.ceil(totalSpans / perRequest) }, (_, i) =>
    realisticRequest(Math.min(perRequest, totalSpans - i * perRequest), ['checkout', 'support-bot', 'search'], now, callsPerTrace),
  );
  const payloadMiB = requests.reduce((sum, r) => sum + r.length, 0) / 1024 / 1024;

  await dropDatabase(copyUrl);
  await migrate(copyUrl);
  const paths: PathResult[] = [];
  for (const variant of values.guardrails ? GUARDRAIL_VARIANTS : [DEFAULT_GUARDRAILS]) {
    console.log(`${variant.label}: sending to ingest…`);
    paths.push({ label: variant.label, result: await run('direct', requests, variant) });
  }
  const copy = await copyBaselineRowsPerSecond(dbUrls.direct, copyUrl);
  for (const kind of collectorsToMeasure) {
    console.log(`via the ${kind} collector: sending to the collector…`);
    paths.push({ label: `via ${kind} collector`, result: await run(kind, requests) });
  }
  const notes = collectorsToMeasure.length === 0 ? [] : [
    `collectors: ${selection}`,
    ...collectorsToMeasure.map((kind) => `  ${COLLECTOR_NOTES[kind]} (${binaries.get(kind)})`),
  ];
  notes.push(`trace shape: ${shapeName(callsPerTrace)}; delay probes: a root + 3 LLM calls in one request, every 100 ms, after the load`);
  notes.push(wholePlatform ? `platform: the whole of \`npm start\` (ingest, ${processorReplicaCount()} bulk processor replica(s) and an express one, upkeep, query-api, replay, alerter), each its own process` : `platform: ingest and ${processorReplicaCount()} bulk processor replica(s) and an express one only (--pipeline-only)`);
  const report = formatReport({ totalSpans, payloadMiB, perRequest, concurrency, paths, copy, notes });
  console.log(`\n${report}\n`);
  return summaryLine(callsPerTrace, paths[0]!.result, copy.rowsPerSecond);
}

const shapeName = (calls: number) => (calls > 0 ? `a root span + ${calls} LLM calls (${calls + 1}-span traces)` : 'one LLM call per trace');

/** One line per shape at the very end, to compare the shapes at a glance. */
function summaryLine(calls: number, result: RunResult, copyRowsPerSecond: number): string {
  const lag = result.searchLag ? `, search lag ${result.searchLag.queuedAtStored} spans / ${result.searchLag.catchUpSeconds.toFixed(1)} s` : '';
  return `  ${shapeName(calls).padEnd(44)} ${result.endToEnd.toFixed(0).padStart(6)} spans/s, ×${(result.endToEnd / copyRowsPerSecond).toFixed(2)} of COPY (${copyRowsPerSecond.toFixed(0)} rows/s), processors peak ${processorsPeakRss(result.rssMiB)} MiB${lag}`;
}

/** The highest peak RSS of the processors processes (`processors` or `processors-1`…, and `processors-express`). */
const processorsPeakRss = (rssMiB: Record<string, number>) => Math.max(...Object.entries(rssMiB).filter(([name]) => isProcessorsProcess(name)).map(([, mib]) => mib));

const binaries = new Map<CollectorKind, string>();
const paths0Label = () => (values.guardrails ? GUARDRAIL_VARIANTS[0]!.label : DEFAULT_GUARDRAILS.label);

async function main(): Promise<void> {
  // Build (or find) the collectors before measuring anything; a first build takes minutes.
  for (const kind of collectorsToMeasure) binaries.set(kind, await ensureCollector(kind, { log: (line) => console.log(`[collector] ${line}`) }));
  try {
    const lines: string[] = [];
    for (const calls of shapes) lines.push(await measureShape(calls));
    console.log(`bench:ingest summary (${paths0Label()}, ${totalSpans} spans per shape):\n${lines.join('\n')}`);
  } finally {
    await Promise.all([...Object.values(dbUrls).map((url) => dropDatabase(url)), dropDatabase(copyUrl), deleteBenchStreams(natsUrl)]);
  }
}

try {
  await withBenchLock(main);
} catch (error) {
  console.error(error instanceof CollectorError ? `bench:ingest: ${error.code}: ${error.message}` : error);
  process.exit(1);
}

/**
 * npm run bench:ingest -- --content spans,logs [--spans 100000 --per-request 200 --concurrency 4 --via stock,nats]
 * (bench/ingest.ts hands a run with --content to this file: ingest and processors alone)
 *
 * Realistic LLM spans (1–2 KB of prompt and response each) sent over OTLP/HTTP protobuf at full
 * speed to a real ingest process, through JetStream, to a real processor process, into Postgres.
 * Prints spans/s end to end (first byte sent → last span stored) beside a raw Postgres COPY of
 * the same rows in the same run, the processes' peak RSS and CPU seconds, and the export →
 * queryable delay of small LLM traces sent afterwards (p50/p99 over --delay-samples).
 *
 * --guardrails  measures the direct path three times in the same run: plain (no PII redaction,
 *              no auth), with redaction, and with redaction and API-key auth at ingest.
 *
 * --via stock,nats  then sends the same requests, in the same run, through each collector
 *              (collector-config/; built on first use) into a fresh platform: `stock` in front
 *              of ingest (OTLP/HTTP), `nats` publishing to JetStream itself (ingest runs only to
 *              create the stream). One column per path, with its ratio to direct.
 *
 * --content logs  sends the prompt and response of every LLM call as gen_ai log records (the way
 *              `@opentelemetry/instrumentation-openai` does: system and user message events and a
 *              choice) in a logs request beside each traces request, spans without content; a
 *              span counts as stored once its events are joined to it. `spans,logs` measures
 *              both, one column each (default `spans`: content on the spans).
 *
 * The whole run holds an exclusive flock on /tmp/lumina-bench.lock, so two benchmarks never
 * measure at once.
 */
import { parseArgs } from 'node:util';
import pg from 'pg';
import { dropDatabase, migrate, withDatabase } from '@lumina/db';
import { CollectorError, ensureCollector, parseKind, type CollectorKind } from '../scripts/collector/index.js';
import { copyBaselineRowsPerSecond } from './ingest/copy-baseline.js';
import { cpuSeconds, cpuSecondsByName, postgresCpuSeconds } from './ingest/cpu-time.js';
import { measureExportDelay } from './ingest/export-delay.js';
import { withBenchLock } from './ingest/lock.js';
import { findFreePorts } from '../scripts/collector/ports.js';
import { DEFAULT_GUARDRAILS, GUARDRAIL_VARIANTS, guardrailSetup, type Guardrails } from './ingest/guardrails.js';
import { BENCH_QUEUE } from './ingest/platform.js';
import { peakRssMiB, startService, stopService, waitHealthy } from './ingest/processes.js';
import { realisticExport } from './ingest/realistic-spans.js';
import { formatReport, type PathResult, type RunResult } from './ingest/report.js';
import { deleteBenchStreams, postUntilTaken, sendAll, waitUntilAllStored } from './ingest/send-and-store.js';
import { startBenchCollector, type BenchCollector } from './ingest/via-collector.js';

const { values } = parseArgs({
  options: {
    spans: { type: 'string', default: '100000' },
    'per-request': { type: 'string', default: '200' },
    concurrency: { type: 'string', default: '4' },
    /** LLM calls under each root span; 0 makes every span a lone LLM call (worst case for trace summaries) */
    'calls-per-trace': { type: 'string', default: '3' },
    /** Collectors to measure beside the direct path: stock, nats or stock,nats. */
    via: { type: 'string' },
    /** The direct path plain, with PII redaction, and with redaction and API-key auth. */
    guardrails: { type: 'boolean', default: false },
    /** Probe traces for the export → queryable delay of each path. */
    'delay-samples': { type: 'string', default: '40' },
    /** where LLM content travels: spans (attributes), logs (gen_ai log events), or spans,logs */
    content: { type: 'string', default: 'spans' },
  },
});
const totalSpans = Number(values.spans);
const perRequest = Number(values['per-request']);
const concurrency = Number(values.concurrency);
const callsPerTrace = Number(values['calls-per-trace']);
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

const contentModes = [...new Set(values.content.split(',').filter(Boolean))];
if (contentModes.length === 0 || contentModes.some((mode) => mode !== 'spans' && mode !== 'logs')) {
  console.error('bench:ingest: --content takes spans, logs or spans,logs');
  process.exit(2);
}
if (!contentModes.includes('spans') && collectorsToMeasure.length > 0) {
  console.error('bench:ingest: --via measures the collectors with content on the spans; add spans to --content');
  process.exit(2);
}

type Path = 'direct' | 'direct_logs' | CollectorKind;
/** One export: the traces request, and the logs request carrying its content (content as logs). */
interface BenchExport {
  traces: Uint8Array;
  logs: Uint8Array | null;
}
const server = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const natsUrl = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const dbUrls: Record<Path, string> = {
  direct: withDatabase(server, 'lumina_bench_ingest'),
  direct_logs: withDatabase(server, 'lumina_bench_ingest_logs'),
  stock: withDatabase(server, 'lumina_bench_ingest_via'),
  nats: withDatabase(server, 'lumina_bench_ingest_nats'),
};
const copyUrl = withDatabase(server, 'lumina_bench_ingest_copy');
const queue = BENCH_QUEUE;
/** Spans stored, an LLM call counting only once it has its response (content sent as log events: once joined). */
async function storedWithContent(pool: pg.Pool): Promise<number> {
  return Number((await pool.query('SELECT count(*) FILTER (WHERE NOT is_llm OR response IS NOT NULL) AS n FROM spans')).rows[0].n);
}

/** As an instrumented app exports: its log batch and its span batch go out independently. */
function sendExport(url: string, headers: Record<string, string>): (request: BenchExport) => Promise<void> {
  const logsUrl = url.replace(/\/v1\/traces$/, '/v1/logs');
  return async ({ traces, logs }) => {
    await Promise.all([postUntilTaken(url, traces, headers), logs === null ? Promise.resolve() : postUntilTaken(logsUrl, logs, headers)]);
  };
}

/** One measured pass of `requests`: straight to ingest, or through a collector; then the delay probes. */
async function run(path: Path, requests: BenchExport[], guardrails: Guardrails = DEFAULT_GUARDRAILS): Promise<RunResult> {
  const dbUrl = dbUrls[path];
  await Promise.all([dropDatabase(dbUrl), deleteBenchStreams(natsUrl)]);
  await migrate(dbUrl);
  const { ingestEnv, processorEnv, headers } = await guardrailSetup(guardrails, dbUrl);

  const [grpcPort, httpPort, processorPort] = (await findFreePorts(3)) as [number, number, number];
  const ingest = startService('ingest/src/main.ts', { ...queue, NATS_URL: natsUrl, INGEST_GRPC_PORT: String(grpcPort), INGEST_HTTP_PORTS: String(httpPort), ...ingestEnv });
  const processor = startService('processors/src/main.ts', { ...queue, NATS_URL: natsUrl, DATABASE_URL: dbUrl, PROCESSOR_HTTP_PORT: String(processorPort), ...processorEnv });
  // Ready means the stream exists, which the nats collector needs as much as ingest does.
  await Promise.all([waitHealthy(`http://127.0.0.1:${httpPort}/ready`), waitHealthy(`http://127.0.0.1:${processorPort}/health`)]);

  const route = { ingestHttpPort: httpPort, natsUrl, subject: queue.SPANS_SUBJECT };
  const via: BenchCollector | null = path === 'direct' || path === 'direct_logs' ? null : await startBenchCollector(path, route, totalSpans + delaySamples * 4);
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
    await sendAll(requests, concurrency, sendExport(target, headers));
    const acceptedAt = performance.now();
    await waitUntilAllStored(totalSpans, () => storedWithContent(pool), () => `${path}${collector ? `; collector log tail:\n${collector.logs().split('\n').slice(-20).join('\n')}` : ''}`);
    const storedAt = performance.now();
    const cpuAfter = cpu();
    const delayPool = new pg.Pool({ connectionString: dbUrl, max: 1 });
    const delay = await measureExportDelay(target, delayPool, delaySamples, headers).finally(() => delayPool.end());
    return {
      accepted: totalSpans / ((acceptedAt - started) / 1000),
      endToEnd: totalSpans / ((storedAt - started) / 1000),
      seconds: (storedAt - started) / 1000,
      rssMiB: { processors: peakRssMiB(processor.pid!), ingest: peakRssMiB(ingest.pid!), ...(collector ? { collector: peakRssMiB(collector.pid) } : {}) },
      cpuSeconds: Object.fromEntries(Object.entries(cpuAfter).map(([name, seconds]) => [name, seconds - cpuBefore[name as keyof typeof cpuBefore]!])),
      // ingest and processors alone: no search indexer runs here
      cpuSecondsWithIndexing: null,
      searchLag: null,
      delay,
    };
  } finally {
    await pool.end();
    await via?.stop();
    await Promise.all([stopService(ingest), stopService(processor)]);
  }
}

const COLLECTOR_NOTES: Record<CollectorKind, string> = {
  stock: 'stock: batches of 256–512 spans over OTLP/HTTP to ingest, gzip, queue on disk',
  nats: 'nats: batches of 256–512 spans published to JetStream as otlp_proto (acked, content Nats-Msg-Id), queue on disk; ingest idle',
};

async function main(): Promise<void> {
  // Build (or find) the collectors before measuring anything; a first build takes minutes.
  const binaries = new Map<CollectorKind, string>();
  for (const kind of collectorsToMeasure) binaries.set(kind, await ensureCollector(kind, { log: (line) => console.log(`[collector] ${line}`) }));

  console.log(`building ${totalSpans} spans in requests of ${perRequest}…`);
  const now = Date.now();
  const build = (carrier: 'attributes' | 'logs') =>
    Array.from({ length: Math.ceil(totalSpans / perRequest) }, (_, i) =>
      realisticExport(Math.min(perRequest, totalSpans - i * perRequest), ['checkout', 'support-bot', 'search'], now, callsPerTrace, carrier),
    );
  const requests = build('attributes');
  const logRequests = contentModes.includes('logs') ? build('logs') : [];
  const payloadMiB = requests.reduce((sum, r) => sum + r.traces.length, 0) / 1024 / 1024;

  await dropDatabase(copyUrl);
  await migrate(copyUrl);
  try {
    const paths: PathResult[] = [];
    if (contentModes.includes('spans')) {
      for (const variant of values.guardrails ? GUARDRAIL_VARIANTS : [DEFAULT_GUARDRAILS]) {
        console.log(`${variant.label}: sending to ingest…`);
        paths.push({ label: variant.label, result: await run('direct', requests, variant) });
      }
    }
    if (contentModes.includes('logs')) {
      console.log('direct, content as gen_ai log events: sending spans and logs to ingest…');
      paths.push({ label: 'direct, content as log events', result: await run('direct_logs', logRequests) });
    }
    const copy = await copyBaselineRowsPerSecond(contentModes.includes('spans') ? dbUrls.direct : dbUrls.direct_logs, copyUrl);
    for (const kind of collectorsToMeasure) {
      console.log(`via the ${kind} collector: sending to the collector…`);
      paths.push({ label: `via ${kind} collector`, result: await run(kind, requests) });
    }
    const notes = collectorsToMeasure.length === 0 ? [] : [
      `collectors: ${selection}`,
      ...collectorsToMeasure.map((kind) => `  ${COLLECTOR_NOTES[kind]} (${binaries.get(kind)})`),
    ];
    if (contentModes.includes('logs')) {
      const logsMiB = logRequests.reduce((sum, r) => sum + (r.logs?.length ?? 0) + r.traces.length, 0) / 1024 / 1024;
      notes.push(`content as log events: ${logsMiB.toFixed(1)} MiB of traces + logs requests; 3 gen_ai log records per LLM call; stored = span stored and its events joined (response set)`);
    }
    notes.push(`trace shape: ${callsPerTrace > 0 ? `a root span + ${callsPerTrace} LLM calls` : 'one LLM call per trace'}; delay probes: a root + 3 LLM calls in one request, every 100 ms, after the load`);
    console.log(`\n${formatReport({ totalSpans, payloadMiB, perRequest, concurrency, paths, copy, notes })}\n`);
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

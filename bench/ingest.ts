/**
 * npm run bench:ingest [-- --spans 100000 --per-request 200 --concurrency 4 --calls-per-trace 3]
 *
 * Realistic LLM spans (1–2 KB of prompt and response each) sent over OTLP/HTTP protobuf at full
 * speed to a real ingest process, through JetStream, to a real processor process, into Postgres.
 * Prints spans/s end to end (first byte sent → last span stored) beside a raw Postgres COPY of
 * the same rows in the same run, and the processors' peak RSS.
 */
import { parseArgs } from 'node:util';
import pg from 'pg';
import { dropDatabase, migrate, withDatabase } from '@lumina/db';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { copyBaselineRowsPerSecond } from './ingest/copy-baseline.js';
import { cpuSeconds, cpuSecondsByName } from './ingest/cpu-time.js';
import { freePort, peakRssMiB, startService, stopService, waitHealthy } from './ingest/processes.js';
import { realisticRequest } from './ingest/realistic-spans.js';

const { values } = parseArgs({
  options: {
    spans: { type: 'string', default: '100000' },
    'per-request': { type: 'string', default: '200' },
    concurrency: { type: 'string', default: '4' },
    'calls-per-trace': { type: 'string', default: '3' },
  },
});
const totalSpans = Number(values.spans);
const perRequest = Number(values['per-request']);
const concurrency = Number(values.concurrency);
const callsPerTrace = Number(values['calls-per-trace']);
const server = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const natsUrl = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const dbUrl = withDatabase(server, 'lumina_bench_ingest');
const copyUrl = withDatabase(server, 'lumina_bench_ingest_copy');
const queue = { SPANS_STREAM: 'LUMINA_SPANS_BENCH', SPANS_SUBJECT: 'lumina.bench.spans.otlp', DLQ_STREAM: 'LUMINA_DLQ_BENCH', DLQ_SUBJECT: 'lumina.bench.dlq', PROCESSOR_CONSUMER: 'processors-bench' };

async function deleteBenchStreams(): Promise<void> {
  const nc = await connect({ servers: natsUrl });
  const jsm = await jetstreamManager(nc);
  for (const stream of [queue.SPANS_STREAM, queue.DLQ_STREAM]) await jsm.streams.delete(stream).catch(() => false);
  await nc.close();
}

async function storedSpans(pool: pg.Pool): Promise<number> {
  return Number((await pool.query('SELECT count(*) AS n FROM spans')).rows[0].n);
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
        if (response.status !== 503 && response.status !== 429) throw new Error(`ingest answered ${response.status}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

await Promise.all([dropDatabase(dbUrl), dropDatabase(copyUrl), deleteBenchStreams()]);
await migrate(dbUrl);
await migrate(copyUrl);

const [grpcPort, httpPort, processorPort] = await Promise.all([freePort(), freePort(), freePort()]);
const ingest = startService('ingest/src/main.ts', { ...queue, NATS_URL: natsUrl, INGEST_GRPC_PORT: String(grpcPort), INGEST_HTTP_PORTS: String(httpPort) });
const processor = startService('processors/src/main.ts', { ...queue, NATS_URL: natsUrl, DATABASE_URL: dbUrl, PROCESSOR_HTTP_PORT: String(processorPort) });
await Promise.all([waitHealthy(`http://127.0.0.1:${httpPort}/ready`), waitHealthy(`http://127.0.0.1:${processorPort}/health`)]);

console.log(`building ${totalSpans} spans in requests of ${perRequest}…`);
const now = Date.now();
const requests = Array.from({ length: Math.ceil(totalSpans / perRequest) }, (_, i) =>
  realisticRequest(Math.min(perRequest, totalSpans - i * perRequest), ['checkout', 'support-bot', 'search'], now, callsPerTrace),
);
const payloadMiB = requests.reduce((sum, r) => sum + r.length, 0) / 1024 / 1024;

const pool = new pg.Pool({ connectionString: dbUrl, max: 1 });
const cpu = () => ({
  processors: cpuSeconds(processor.pid!),
  ingest: cpuSeconds(ingest.pid!),
  postgres: cpuSecondsByName('postgres'),
  'nats-server': cpuSecondsByName('nats-server'),
  'load generator': process.cpuUsage().user / 1e6 + process.cpuUsage().system / 1e6,
});
const cpuBefore = cpu();
const started = performance.now();
await sendAll(requests, `http://127.0.0.1:${httpPort}/v1/traces`);
const acceptedAt = performance.now();
while ((await storedSpans(pool)) < totalSpans) await new Promise((resolve) => setTimeout(resolve, 50));
const storedAt = performance.now();
const cpuAfter = cpu();
const cpuUsed = Object.entries(cpuAfter).map(([name, seconds]) => `${name} ${(seconds - cpuBefore[name as keyof typeof cpuBefore]).toFixed(1)}`);

const processorRss = peakRssMiB(processor.pid!);
const ingestRss = peakRssMiB(ingest.pid!);
await pool.end();
await Promise.all([stopService(ingest), stopService(processor)]);

const copy = await copyBaselineRowsPerSecond(dbUrl, copyUrl);
const endToEnd = totalSpans / ((storedAt - started) / 1000);
const accepted = totalSpans / ((acceptedAt - started) / 1000);

console.log(`
bench:ingest  ${new Date().toISOString()}  node ${process.version}, ${(await import('node:os')).cpus().length} cores
  spans                       ${totalSpans} (${payloadMiB.toFixed(1)} MiB OTLP protobuf, ${perRequest} spans/request, ${concurrency} in flight)
  trace shape                 ${callsPerTrace > 0 ? `root + ${callsPerTrace} LLM calls` : 'one LLM call per trace'}
  ingest accepted             ${accepted.toFixed(0)} spans/s
  end to end (sent → stored)  ${endToEnd.toFixed(0)} spans/s   (${((storedAt - started) / 1000).toFixed(2)} s)
  raw COPY of the same rows   ${copy.rowsPerSecond.toFixed(0)} rows/s   (${copy.rows} rows)
  ratio end-to-end / COPY     ${(endToEnd / copy.rowsPerSecond).toFixed(2)}
  processors peak RSS         ${processorRss} MiB   (ingest ${ingestRss} MiB)
  CPU seconds while running   ${cpuUsed.join(', ')}
`);
await Promise.all([dropDatabase(dbUrl), dropDatabase(copyUrl), deleteBenchStreams()]);

/**
 * npm run bench:drain [-- --backlog-mib 1024 --per-request 200 --trickle 20]
 *
 * Recovery after an outage (issue #13): with the processors stopped, realistic LLM spans are
 * sent to a real ingest process until the spans stream holds `--backlog-mib` of unprocessed
 * payloads; then one processor process starts and the clock runs until the queue is empty and
 * every span is stored. Meanwhile a trickle of new requests (`--trickle` per second) keeps
 * arriving, to show that new traffic is neither refused nor lost and takes its place in order
 * (it is stored after the backlog it queued behind). Prints the drain rate, the processors'
 * peak RSS and where the trickle's spans landed.
 */
import { parseArgs } from 'node:util';
import pg from 'pg';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { DEFAULT_NATS_URL } from '@lumina/core';
import { dropDatabase, migrate, withDatabase } from '@lumina/db';
import { findFreePorts } from '../scripts/collector/ports.js';
import { cpuSeconds, postgresCpuSeconds } from './ingest/cpu-time.js';
import { withBenchLock } from './ingest/lock.js';
import { peakRssMiB, startService, stopService, waitHealthy } from './ingest/processes.js';
import { realisticRequest } from './ingest/realistic-spans.js';

const { values } = parseArgs({
  options: {
    'backlog-mib': { type: 'string', default: '1024' },
    'per-request': { type: 'string', default: '200' },
    /** new requests per second sent while the backlog drains */
    trickle: { type: 'string', default: '20' },
  },
});
const backlogBytes = Number(values['backlog-mib']) * 1024 * 1024;
const perRequest = Number(values['per-request']);
const tricklePerSecond = Number(values.trickle);

const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const natsUrl = process.env.NATS_URL ?? DEFAULT_NATS_URL;
const dbUrl = withDatabase(serverUrl, 'lumina_bench_drain');
const queue = { SPANS_STREAM: 'LUMINA_SPANS_DRAIN', SPANS_SUBJECT: 'lumina.drain.spans.otlp', DLQ_STREAM: 'LUMINA_DLQ_DRAIN', DLQ_SUBJECT: 'lumina.drain.dlq', PROCESSOR_CONSUMER: 'processors-drain', FACTS_STREAM: 'LUMINA_FACTS_DRAIN', FACTS_SUBJECT: 'lumina.drain.facts' };
const SERVICES = ['checkout', 'support-bot', 'search'];

async function streamState() {
  const nc = await connect({ servers: natsUrl });
  try {
    return (await (await jetstreamManager(nc)).streams.info(queue.SPANS_STREAM)).state;
  } finally {
    await nc.close();
  }
}

async function deleteStreams(): Promise<void> {
  const nc = await connect({ servers: natsUrl });
  const jsm = await jetstreamManager(nc);
  for (const stream of [queue.SPANS_STREAM, queue.DLQ_STREAM, queue.FACTS_STREAM]) await jsm.streams.delete(stream).catch(() => false);
  await nc.close();
}

async function send(url: string, body: Uint8Array): Promise<void> {
  for (;;) {
    const response = await fetch(url, { method: 'POST', body, headers: { 'Content-Type': 'application/x-protobuf' } });
    await response.arrayBuffer();
    if (response.ok) return;
    if (response.status !== 503) throw new Error(`${url} answered ${response.status}`);
    await new Promise((resolve) => setTimeout(resolve, Number(response.headers.get('retry-after') ?? 1) * 1000));
  }
}

/** Sends fresh requests, 4 at a time, until the stream holds `bytes`. Returns the spans sent. */
async function fillBacklog(url: string, bytes: number): Promise<number> {
  let spans = 0;
  let stored = 0;
  const started = performance.now();
  const worker = async () => {
    while (stored < bytes) {
      await send(url, realisticRequest(perRequest, SERVICES, Date.now(), 3));
      spans += perRequest;
    }
  };
  const watcher = (async () => {
    while (stored < bytes) {
      stored = (await streamState()).bytes;
      process.stdout.write(`\r  backlog ${(stored / 1024 / 1024).toFixed(0)} MiB, ${spans.toLocaleString()} spans (${((performance.now() - started) / 1000).toFixed(0)} s)`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  })();
  await Promise.all([worker(), worker(), worker(), worker(), watcher]);
  process.stdout.write('\n');
  return spans;
}

async function main(): Promise<void> {
  await Promise.all([dropDatabase(dbUrl), deleteStreams()]);
  await migrate(dbUrl);
  const [grpcPort, httpPort, processorPort] = (await findFreePorts(3)) as [number, number, number];
  const ingest = startService('ingest/src/main.ts', { ...queue, NATS_URL: natsUrl, INGEST_GRPC_PORT: String(grpcPort), INGEST_HTTP_PORTS: String(httpPort) });
  await waitHealthy(`http://127.0.0.1:${httpPort}/ready`);
  const url = `http://127.0.0.1:${httpPort}/v1/traces`;
  const pool = new pg.Pool({ connectionString: dbUrl, max: 2 });
  let processor: ReturnType<typeof startService> | undefined;
  try {
    console.log(`filling the spans stream to ${(backlogBytes / 1024 / 1024).toFixed(0)} MiB with the processors stopped…`);
    const backlogSpans = await fillBacklog(url, backlogBytes);
    const backlog = await streamState();
    console.log(`backlog: ${backlog.messages.toLocaleString()} messages, ${(backlog.bytes / 1024 / 1024).toFixed(0)} MiB, ${backlogSpans.toLocaleString()} spans`);

    // New traffic while draining: each trickle request is one trace, marked by its service name.
    let trickleSpans = 0;
    let trickling = true;
    const trickle = (async () => {
      while (trickling && tricklePerSecond > 0) {
        await send(url, realisticRequest(10, ['trickle'], Date.now(), 3));
        trickleSpans += 10;
        await new Promise((resolve) => setTimeout(resolve, 1000 / tricklePerSecond));
      }
    })();

    const cpuBefore = postgresCpuSeconds('lumina_bench_drain');
    const started = performance.now();
    processor = startService('processors/src/main.ts', { ...queue, NATS_URL: natsUrl, DATABASE_URL: dbUrl, PROCESSOR_HTTP_PORT: String(processorPort) });
    let stored = 0;
    let lastLog = 0;
    while (stored < backlogSpans) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      stored = Number((await pool.query("SELECT count(*) AS n FROM spans WHERE service_name <> 'trickle'")).rows[0].n);
      if (performance.now() - lastLog > 5000) {
        lastLog = performance.now();
        console.log(`  drained ${stored.toLocaleString()} of ${backlogSpans.toLocaleString()} (${Math.round(stored / ((performance.now() - started) / 1000)).toLocaleString()} spans/s), processors RSS peak ${peakRssMiB(processor.pid!)} MiB`);
      }
    }
    const drainedAt = performance.now();
    trickling = false;
    await trickle;
    while ((await streamState()).messages > 0) await new Promise((resolve) => setTimeout(resolve, 100));
    const seconds = (drainedAt - started) / 1000;
    const [trickleRow] = (
      await pool.query<{ spans: string; before_backlog_done: string }>(
        `SELECT count(*) AS spans,
                count(*) FILTER (WHERE ingested_at < (SELECT max(ingested_at) FROM spans WHERE service_name <> 'trickle')) AS before_backlog_done
           FROM spans WHERE service_name = 'trickle'`,
      )
    ).rows;
    const rss = peakRssMiB(processor.pid!);
    const cpu = { processors: cpuSeconds(processor.pid!), postgres: postgresCpuSeconds('lumina_bench_drain') - cpuBefore };
    console.log(`\nbench:drain  ${new Date().toISOString()}  node ${process.version}`);
    console.log(`  backlog                 ${(backlog.bytes / 1024 / 1024).toFixed(0)} MiB, ${backlog.messages.toLocaleString()} messages, ${backlogSpans.toLocaleString()} spans (${perRequest} spans/request)`);
    console.log(`  drain                   ${seconds.toFixed(1)} s: ${Math.round(backlogSpans / seconds).toLocaleString()} spans/s, ${(backlog.bytes / 1024 / 1024 / seconds).toFixed(1)} MiB/s`);
    console.log(`  processors peak RSS     ${rss} MiB`);
    console.log(`  CPU seconds             processors ${cpu.processors.toFixed(1)}, postgres ${cpu.postgres.toFixed(1)}`);
    console.log(`  new traffic meanwhile   ${trickleSpans.toLocaleString()} spans sent, ${Number(trickleRow?.spans ?? 0).toLocaleString()} stored (none refused or lost); ${Number(trickleRow?.before_backlog_done ?? 0).toLocaleString()} stored before the backlog finished`);
    const total = Number((await pool.query('SELECT count(*) AS n, count(DISTINCT (trace_id, span_id)) AS d FROM spans')).rows[0].n);
    console.log(`  stored                  ${total.toLocaleString()} spans = ${(backlogSpans + trickleSpans).toLocaleString()} sent`);
  } finally {
    await pool.end();
    await stopService(ingest);
    if (processor) await stopService(processor);
    await Promise.all([dropDatabase(dbUrl), deleteStreams()]);
  }
}

await withBenchLock(main);

/**
 * npm run bench:freshness [-- --rate 5000 --seconds 30 --burst 100000 --after-burst-seconds 30]
 *
 * Fresh data as a user sees it (issue #22): the whole platform as `npm start` runs it (ingest,
 * processors, upkeep, query API, replay, alerter; each its own process) takes background load of
 * realistic LLM spans at --rate spans/s; meanwhile one small LLM call is exported every 250 ms
 * and polled by id through the query API (GET /api/traces/{id}, every 25 ms) until it is
 * there. Prints p50/p99/max export → queryable:
 *   steady       probes sent during --seconds of background load;
 *   after burst  then --burst spans are sent at full speed on top of the load; once the last
 *                of them is stored (the processors' ack floor passed it), the probes sent over
 *                the next --after-burst-seconds, while the search indexer catches up.
 * A probe (one span) takes the express lane; the load and the burst (100 spans a request) the bulk one.
 *
 * Holds the benchmark lock (/tmp/lumina-bench.lock) like every bench.
 */
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { cpus } from 'node:os';
import pg from 'pg';
import { dropDatabase, migrate, withDatabase } from '@lumina/db';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { natsServers } from '@lumina/runtime';
import { sendBurst, startSteadyLoad } from './freshness/load.js';
import { GAVE_UP_MS, startProber, summarize, type Delays } from './freshness/probes.js';
import { withBenchLock } from './ingest/lock.js';
import { BENCH_QUEUE, startBenchPlatform } from './ingest/platform.js';
import { peakRssMiB } from './ingest/processes.js';

const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '5000' },
    seconds: { type: 'string', default: '30' },
    burst: { type: 'string', default: '100000' },
    'after-burst-seconds': { type: 'string', default: '30' },
    /** seconds of background load before the steady probes count */
    'warm-up-seconds': { type: 'string', default: '5' },
  },
});
const rate = Number(values.rate);
const steadySeconds = Number(values.seconds);
const burstSpans = Number(values.burst);
const afterBurstSeconds = Number(values['after-burst-seconds']);
const warmUpSeconds = Number(values['warm-up-seconds']);
for (const [name, value] of Object.entries({ rate, seconds: steadySeconds, burst: burstSpans, 'after-burst-seconds': afterBurstSeconds, 'warm-up-seconds': warmUpSeconds })) {
  if (!Number.isFinite(value) || value < 0) {
    console.error(`bench:freshness: --${name} takes a number ≥ 0`);
    process.exit(2);
  }
}

const server = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const natsUrl = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const dbUrl = withDatabase(server, 'lumina_bench_freshness');
const queue = BENCH_QUEUE;

async function withJsm<T>(work: (jsm: Awaited<ReturnType<typeof jetstreamManager>>) => Promise<T>): Promise<T> {
  const nc = await connect({ servers: natsServers(natsUrl) });
  try {
    return await work(await jetstreamManager(nc));
  } finally {
    await nc.close();
  }
}

const deleteBenchStreams = () => withJsm(async (jsm) => {
  for (const stream of [queue.SPANS_STREAM, queue.DLQ_STREAM]) await jsm.streams.delete(stream).catch(() => false);
});

/** Waits until the processors acknowledged (so committed) every bulk message up to the last one now (the burst's). */
async function waitUntilProcessedUpToNow(): Promise<void> {
  const lastSeq = await withJsm(async (jsm) => (await jsm.streams.getMessage(queue.SPANS_STREAM, { last_by_subj: queue.SPANS_SUBJECT }))!.seq);
  for (;;) {
    const floor = await withJsm(async (jsm) => (await jsm.consumers.info(queue.SPANS_STREAM, queue.PROCESSOR_CONSUMER)).ack_floor.stream_seq);
    if (floor >= lastSeq) return;
    await sleep(100);
  }
}

/** The express lane's batches over the whole run, from the processors' histograms: how many, mean queue wait and batch time. */
async function expressLaneMeans(metricsUrls: string[]): Promise<{ batches: number; waitMs: number; batchMs: number }> {
  const sums = { waitSum: 0, waitCount: 0, batchSum: 0, batchCount: 0 };
  for (const url of metricsUrls) {
    const text = await fetch(url).then((response) => response.text());
    const value = (name: string) => Number(new RegExp(`^${name}\\{lane="express"\\} (\\S+)$`, 'm').exec(text)?.[1] ?? 0);
    sums.waitSum += value('lumina_processor_queue_wait_seconds_sum');
    sums.waitCount += value('lumina_processor_queue_wait_seconds_count');
    sums.batchSum += value('lumina_processor_batch_duration_seconds_sum');
    sums.batchCount += value('lumina_processor_batch_duration_seconds_count');
  }
  const mean = (sum: number, count: number) => (count === 0 ? Number.NaN : (sum / count) * 1000);
  return { batches: sums.batchCount, waitMs: mean(sums.waitSum, sums.waitCount), batchMs: mean(sums.batchSum, sums.batchCount) };
}

const line = (label: string, delays: Delays) =>
  `  ${label.padEnd(34)}p50 ${delays.p50Ms.toFixed(0)} ms, p99 ${delays.p99Ms.toFixed(0)} ms, max ${delays.maxMs.toFixed(0)} ms (n = ${delays.samples})${
    delays.timedOut > 0 ? `; ${delays.timedOut} not queryable within ${GAVE_UP_MS / 1000} s, counted as ${GAVE_UP_MS / 1000} s` : ''
  }`;

async function main(): Promise<void> {
  await Promise.all([dropDatabase(dbUrl), deleteBenchStreams()]);
  await migrate(dbUrl);
  const platform = await startBenchPlatform(dbUrl, natsUrl, true);
  const tracesUrl = `http://127.0.0.1:${platform.ingestHttpPort}/v1/traces`;
  const pool = new pg.Pool({ connectionString: dbUrl, max: 1 });
  try {
    console.log(`background load ${rate} spans/s; warming up ${warmUpSeconds} s…`);
    const load = startSteadyLoad(tracesUrl, rate);
    const prober = startProber(tracesUrl, platform.queryUrl!);
    await sleep(warmUpSeconds * 1000);

    console.log(`steady: probing for ${steadySeconds} s…`);
    const steadyFrom = { at: performance.now(), accepted: load.accepted() };
    prober.phase('steady');
    await sleep(steadySeconds * 1000);
    prober.phase(null);
    const steadyRate = (load.accepted() - steadyFrom.accepted) / ((performance.now() - steadyFrom.at) / 1000);
    const behind = load.mostBehind();

    console.log(`burst: ${burstSpans} spans at full speed on top of the load…`);
    const burstStarted = performance.now();
    await sendBurst(tracesUrl, burstSpans);
    const burstAccepted = performance.now();
    await waitUntilProcessedUpToNow();
    const burstStored = performance.now();
    const searchQueued = Number((await pool.query<{ n: string }>('SELECT count(*) AS n FROM span_search_queue')).rows[0]!.n);

    console.log(`after the burst: probing for ${afterBurstSeconds} s…`);
    prober.phase('after burst');
    await sleep(afterBurstSeconds * 1000);
    prober.phase(null);
    const searchQueuedAtEnd = Number((await pool.query<{ n: string }>('SELECT count(*) AS n FROM span_search_queue')).rows[0]!.n);
    await Promise.all([prober.stop(), load.stop()]);
    const express = await expressLaneMeans(platform.processorsMetricsUrls);

    const rss = Object.fromEntries(Object.entries(platform.processes).map(([name, child]) => [name, peakRssMiB(child.pid!)]));
    console.log(
      [
        '',
        `bench:freshness  ${new Date().toISOString()}  node ${process.version}, ${cpus().length} cores`,
        `  background load                   ${rate} spans/s asked, ${steadyRate.toFixed(0)} spans/s acknowledged while probing${behind > 0 ? ` (ingest fell behind: up to ${behind} requests overdue)` : ''}`,
        '  export → queryable (a one-call trace every 250 ms, polled by id through the query API every 25 ms)',
        line('steady', summarize(prober.delays('steady'))),
        line(`after a ${burstSpans}-span burst`, summarize(prober.delays('after burst'))),
        `  burst                             accepted in ${((burstAccepted - burstStarted) / 1000).toFixed(1)} s, stored ${((burstStored - burstStarted) / 1000).toFixed(1)} s after its first request`,
        `  search queue                      ${searchQueued} spans when the burst was stored, ${searchQueuedAtEnd} at the end`,
        `  express lane (processors)         ${express.batches} batches, mean wait in the queue ${express.waitMs.toFixed(0)} ms, mean batch ${express.batchMs.toFixed(0)} ms (whole run)`,
        `  peak RSS (MiB)                    ${Object.entries(rss).map(([name, mib]) => `${name} ${mib}`).join(', ')}`,
        '',
      ].join('\n'),
    );
  } finally {
    await pool.end();
    await platform.stop();
    await Promise.all([dropDatabase(dbUrl), deleteBenchStreams()]);
  }
}

try {
  await withBenchLock(main);
} catch (error) {
  console.error(error);
  process.exit(1);
}

import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import type pg from 'pg';
import { natsServers } from '@lumina/runtime';
import { BENCH_QUEUE } from './platform.js';

/** Give up when the stored count has not moved for this long (something lost spans). */
const STALL_MS = 60_000;

/** Deletes the bench's own streams (spans, dead letters, facts, logs). */
export async function deleteBenchStreams(natsUrl: string): Promise<void> {
  const nc = await connect({ servers: natsServers(natsUrl) });
  const jsm = await jetstreamManager(nc);
  for (const stream of [BENCH_QUEUE.SPANS_STREAM, BENCH_QUEUE.DLQ_STREAM, BENCH_QUEUE.FACTS_STREAM, BENCH_QUEUE.LOGS_STREAM]) await jsm.streams.delete(stream).catch(() => false);
  await nc.close();
}

/** Polls `stored` until it reaches `total`; fails when the count stops moving (spans were lost). */
export async function waitUntilAllStored(total: number, stored: () => Promise<number>, context: () => string): Promise<void> {
  let count = 0;
  let progressAt = performance.now();
  while (count < total) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    const now = await stored();
    if (now > count) progressAt = performance.now();
    count = now;
    if (performance.now() - progressAt > STALL_MS) {
      throw new Error(`only ${count} of ${total} spans stored, no progress for ${STALL_MS / 1000} s (${context()})`);
    }
  }
}

/** Spans stored, counted by Postgres: exact, but a scan of the whole table (too dear to poll while measuring). */
export async function storedSpans(pool: pg.Pool): Promise<number> {
  return Number((await pool.query('SELECT count(*) AS n FROM spans')).rows[0].n);
}

/**
 * Spans newly stored according to the processor replicas' own counters (`lumina_spans_stored_total`,
 * raised after each commit), summed: what the bench polls while it measures, so that watching costs
 * Postgres nothing (a `count(*)` every 50 ms was half of Postgres' CPU in a 50,000-span run).
 */
export async function storedSpansCounted(metricsUrls: string[]): Promise<number> {
  const counts = await Promise.all(
    metricsUrls.map(async (url) => {
      const line = /^lumina_spans_stored_total (\S+)$/m.exec(await fetch(url).then((response) => response.text()));
      return line ? Number(line[1]) : 0;
    }),
  );
  return counts.reduce((sum, count) => sum + count, 0);
}

/** POSTs one OTLP protobuf body until it is taken, waiting out 503 and 429 (push-back). */
export async function postUntilTaken(url: string, body: Uint8Array, headers: Record<string, string>): Promise<void> {
  for (;;) {
    const response = await fetch(url, { method: 'POST', body, headers: { 'Content-Type': 'application/x-protobuf', ...headers } });
    await response.arrayBuffer();
    if (response.ok) return;
    if (response.status !== 503 && response.status !== 429) throw new Error(`${url} answered ${response.status}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Runs `send` over every item with `concurrency` workers. */
export async function sendAll<T>(items: T[], concurrency: number, send: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await send(items[next++]!);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

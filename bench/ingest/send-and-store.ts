import http from 'node:http';
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

/** The longest and shortest waits between two polls of the stored count. */
const POLL_MAX_MS = 500;
const POLL_MIN_MS = 50;

/**
 * Polls `stored` until it reaches `total`; fails when the count stops moving (spans were lost).
 * Each poll is work for what is being measured (every processors process's metrics, or a count
 * in Postgres): the wait is half the time the rate seen since the first poll says is left,
 * between 50 and 500 ms, so the polls are few while most spans are on their way and the end is
 * still seen within ~50 ms, as with a poll every 50 ms.
 */
export async function waitUntilAllStored(total: number, stored: () => Promise<number>, context: () => string): Promise<void> {
  let count = await stored();
  const first = { count, at: performance.now() };
  let progressAt = first.at;
  let waitMs = POLL_MIN_MS;
  while (count < total) {
    await new Promise((resolve) => setTimeout(resolve, waitMs));
    const now = await stored();
    const at = performance.now();
    if (now > count) progressAt = at;
    count = now;
    if (at - progressAt > STALL_MS) {
      throw new Error(`only ${count} of ${total} spans stored, no progress for ${STALL_MS / 1000} s (${context()})`);
    }
    const perMs = (count - first.count) / (at - first.at);
    const leftMs = perMs > 0 ? (total - count) / perMs : POLL_MIN_MS;
    waitMs = Math.min(POLL_MAX_MS, Math.max(POLL_MIN_MS, leftMs / 2));
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

/**
 * Keep-alive connections for the load: node:http, as the OpenTelemetry OTLP/HTTP exporters use,
 * not fetch, which cost the load generator ~1.5 ms more CPU per 290 KB request (on the same
 * two cores as the platform it measures).
 */
const loadAgent = new http.Agent({ keepAlive: true });

/** An answer this late means ingest is stuck: the bench fails rather than wait for ever. */
const REQUEST_TIMEOUT_MS = 60_000;

/** One POST; resolves with the answer's status once its body is read. */
function post(url: string, body: Uint8Array, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: 'POST', agent: loadAgent, headers: { 'Content-Type': 'application/x-protobuf', 'Content-Length': body.length, ...headers } }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
      response.on('error', reject);
    });
    request.setTimeout(REQUEST_TIMEOUT_MS, () => request.destroy(new Error(`${url} did not answer within ${REQUEST_TIMEOUT_MS / 1000} s`)));
    request.on('error', reject);
    request.end(body);
  });
}

/** A kept-alive connection the server closed as it was reused: sent again (a repeat is stored once, by the stream's duplicate window and the spans key). */
function isStaleConnection(error: unknown): boolean {
  const { code } = error as { code?: string };
  return code === 'ECONNRESET' || code === 'EPIPE';
}

const STALE_CONNECTION_RETRIES = 5;

/** POSTs one OTLP protobuf body until it is taken, waiting out 503 and 429 (push-back). */
export async function postUntilTaken(url: string, body: Uint8Array, headers: Record<string, string>): Promise<void> {
  for (let stale = 0; ; ) {
    const status = await post(url, body, headers).catch((error: unknown) => {
      if (!isStaleConnection(error) || ++stale > STALE_CONNECTION_RETRIES) throw error;
      return 0;
    });
    if (status === 0) continue;
    if (status >= 200 && status < 300) return;
    if (status !== 503 && status !== 429) throw new Error(`${url} answered ${status}`);
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

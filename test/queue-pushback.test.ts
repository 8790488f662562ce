import * as grpc from '@grpc/grpc-js';
import { SpanKind } from '@opentelemetry/api';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '@lumina/db/testing';
import { startTestIngest } from './support/ingest.js';
import { uniqueQueueNames } from './support/names.js';
import { deleteStreams, TEST_NATS_URL } from './support/nats.js';
import { otlpExporter, withTracer, type Transport } from './support/otel.js';
import { syntheticTraceRequest } from './support/payloads.js';
import { startTestProcessor } from './support/processor.js';
import { queryRows } from './support/sql.js';
import { waitFor } from './support/wait.js';

/**
 * Issue #13: with the processors stopped, a small spans stream fills up. Every request is
 * either answered 2xx and later stored exactly once, or refused with 503 + Retry-After; a
 * client that retries (the real OTel exporters) ends with every span stored exactly once.
 */

type TestIngest = Awaited<ReturnType<typeof startTestIngest>>;

interface Answer {
  status: number;
  retryAfter: string | null;
  code: string | null;
}

async function post(ingest: TestIngest, body: Uint8Array): Promise<Answer> {
  const response = await fetch(`http://127.0.0.1:${ingest.httpPort}/v1/traces`, { method: 'POST', body, headers: { 'Content-Type': 'application/x-protobuf' } });
  const text = await response.text();
  const code = response.status === 200 ? null : ((JSON.parse(text) as { error?: { code?: string } }).error?.code ?? null);
  return { status: response.status, retryAfter: response.headers.get('retry-after'), code };
}

/**
 * Posts fresh payloads until the queue refuses one, then single-span ones until it refuses
 * `refusals` more (so that no room is left for anything); returns every payload with its answer.
 */
async function fillUntilRefused(ingest: TestIngest, refusals: number, pauseMs = 0) {
  const sent: { payload: ReturnType<typeof syntheticTraceRequest>; answer: Answer }[] = [];
  const refusedCount = () => sent.filter((item) => item.answer.status !== 200).length;
  while (refusedCount() < 1 + refusals) {
    if (sent.length > 1000) throw new Error('the queue never refused a payload');
    const payload = refusedCount() === 0 ? syntheticTraceRequest(10, 3) : syntheticTraceRequest(1, 0);
    sent.push({ payload, answer: await post(ingest, payload.bytes) });
    if (pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
  return sent;
}

/** One export over raw gRPC; resolves with the status code. */
function exportOverGrpc(ingest: TestIngest, body: Uint8Array): Promise<number> {
  const client = new grpc.Client(`127.0.0.1:${ingest.grpcPort}`, grpc.credentials.createInsecure());
  return new Promise<number>((resolve) => {
    client.makeUnaryRequest(
      '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
      (value: Uint8Array) => Buffer.from(value),
      (bytes: Buffer) => bytes,
      body,
      (error) => resolve(error?.code ?? grpc.status.OK),
    );
  }).finally(() => client.close());
}

async function metric(port: number, pattern: RegExp): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const match = text.match(pattern);
  return match ? Number(match[1]) : 0;
}

const queueFullRefusals = (ingest: TestIngest, transport: 'http' | 'grpc') =>
  metric(ingest.httpPort, new RegExp(`^lumina_ingest_requests_total\\{transport="${transport}",outcome="queue_full"\\} (\\d+)`, 'm'));

async function streamState(stream: string) {
  const nc = await connect({ servers: TEST_NATS_URL });
  try {
    return await (await jetstreamManager(nc)).streams.info(stream);
  } finally {
    await nc.close();
  }
}

async function storedSpans(databaseUrl: string): Promise<{ spans: number; distinct: number; summarized: number }> {
  const [row] = await queryRows<{ spans: string; distinct: string; summarized: string | null }>(
    databaseUrl,
    `SELECT (SELECT count(*) FROM spans) AS spans,
            (SELECT count(DISTINCT (trace_id, span_id)) FROM spans) AS distinct,
            (SELECT sum(span_count) FROM traces) AS summarized`,
  );
  return { spans: Number(row!.spans), distinct: Number(row!.distinct), summarized: Number(row!.summarized ?? 0) };
}

/** The limits each variant fills: bytes (a small stream) or the backlog age (a short age limit). */
const VARIANTS: { name: string; env: Record<string, string>; pauseMs: number; refusal: RegExp }[] = [
  { name: 'a full byte limit', env: { SPANS_STREAM_MAX_BYTES: String(64 * 1024) }, pauseMs: 0, refusal: /full/ },
  { name: 'a shortened age limit', env: { SPANS_STREAM_MAX_AGE_SECONDS: '2' }, pauseMs: 250, refusal: /waiting for \d+ s, over its limit of 2 s/ },
];

describe.each(VARIANTS)('a spans queue at $name, with the processors stopped', ({ env, pauseMs, refusal }) => {
  const queue = uniqueQueueNames();
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let ingest: TestIngest;
  let processor: Awaited<ReturnType<typeof startTestProcessor>> | undefined;

  beforeAll(async () => {
    db = await createTestDatabase('lumina_pushback');
    ingest = await startTestIngest(queue, { ...env, INGEST_RETRY_AFTER_SECONDS: '2' });
  });
  afterAll(async () => {
    await ingest?.ingest.stop();
    await processor?.processor.stop();
    await deleteStreams(queue.SPANS_STREAM, queue.DLQ_STREAM, queue.FACTS_STREAM);
    await db?.drop();
  });

  it('answers every request 2xx (then stores it once) or 503 with Retry-After; an exporter that retries gets every span stored once', async () => {
    const sent = await fillUntilRefused(ingest, 3, pauseMs);
    const accepted = sent.filter((item) => item.answer.status === 200);
    const refused = sent.filter((item) => item.answer.status !== 200);
    expect(accepted.length).toBeGreaterThan(0);
    for (const { answer } of refused) expect(answer).toEqual({ status: 503, retryAfter: '2', code: 'queue_full' });

    const ready = await fetch(`http://127.0.0.1:${ingest.httpPort}/ready`);
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: 'queue_full', message: expect.stringMatching(refusal) });
    const stream = await streamState(queue.SPANS_STREAM);
    expect(stream.config).toMatchObject({ retention: 'workqueue', discard: 'new', max_age: 0 });
    expect(stream.state.messages).toBe(accepted.length);

    // gRPC is refused with UNAVAILABLE, the status OTLP clients retry (the JS gRPC exporter
    // does not retry at all, so the retrying clients below are the HTTP ones).
    const overGrpc = syntheticTraceRequest(1, 1);
    expect(await exportOverGrpc(ingest, overGrpc.bytes)).toBe(grpc.status.UNAVAILABLE);
    refused.push({ payload: overGrpc, answer: { status: 503, retryAfter: null, code: 'queue_full' } });

    // The real exporters meet the full queue, retry on 503 as Retry-After says, and the
    // processors come back while they do.
    const transports: Transport[] = ['http/protobuf', 'http/json'];
    const exported = transports.map((transport) =>
      withTracer(
        otlpExporter(transport, ingest, false, 60_000),
        { 'service.name': `pushback-${transport}` },
        (tracer) => {
          for (let i = 0; i < 50; i += 1) tracer.startSpan(`call ${i}`, { kind: SpanKind.CLIENT, attributes: { 'gen_ai.request.model': 'gpt-4o-mini' } }).end();
        },
        { exportTimeoutMillis: 60_000 },
      ),
    );
    const refusedBefore = await queueFullRefusals(ingest, 'http');
    await waitFor(() => queueFullRefusals(ingest, 'http'), (n) => n >= refusedBefore + 2, 20_000, 'both exporters refused');
    processor = await startTestProcessor(queue, db.url);
    await Promise.all(exported);

    const expected = accepted.reduce((sum, item) => sum + item.payload.spanCount, 0) + 100;
    const stored = await waitFor(() => storedSpans(db.url), (n) => n.spans >= expected, 30_000, 'every accepted span stored');
    await waitFor(async () => (await streamState(queue.SPANS_STREAM)).state.messages, (n) => n === 0, 10_000, 'the queue drained');
    expect(await storedSpans(db.url)).toEqual({ spans: expected, distinct: expected, summarized: expected });
    expect(stored.spans).toBe(expected);
    const refusedTraceIds = refused.flatMap((item) => item.payload.traces.map((trace) => trace.traceId));
    const leaked = await queryRows(db.url, 'SELECT trace_id FROM spans WHERE trace_id = ANY($1)', [refusedTraceIds]);
    expect(leaked).toEqual([]);
    await waitFor(async () => (await fetch(`http://127.0.0.1:${ingest.httpPort}/ready`)).status, (status) => status === 200, 10_000, 'ready again');
  });
});

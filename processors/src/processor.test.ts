import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { traceRequestToOtlpJson } from '@lumina/proto';
import { DLQ_REASON_HEADER, expressConsumer } from '@lumina/core';
import { createTestDatabase } from '@lumina/db/testing';
import { uniqueQueueNames } from '../../test/support/names.js';
import { consumersBacklog, deleteStreams, publishRaw, TEST_NATS_URL } from '../../test/support/nats.js';
import { syntheticTraceRequest } from '../../test/support/payloads.js';
import { startTestProcessor } from '../../test/support/processor.js';
import { queryRows } from '../../test/support/sql.js';
import { waitFor } from '../../test/support/wait.js';

const queue = uniqueQueueNames();
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let replicas: Awaited<ReturnType<typeof startTestProcessor>>[];

beforeAll(async () => {
  db = await createTestDatabase();
  // Two replicas share the one durable consumer, as in production.
  replicas = [
    await startTestProcessor(queue, db.url, { PROCESSOR_MAX_DELIVERIES: '2' }),
    await startTestProcessor(queue, db.url, { PROCESSOR_MAX_DELIVERIES: '2' }),
  ];
});
afterAll(async () => {
  await Promise.all(replicas.map((replica) => replica.processor.stop()));
  await deleteStreams(queue.SPANS_STREAM, queue.DLQ_STREAM, queue.FACTS_STREAM);
  await db.drop();
});

const spanCount = async (traceIds: string[]) =>
  Number((await queryRows<{ n: string }>(db.url, 'SELECT count(*) AS n FROM spans WHERE trace_id = ANY($1)', [traceIds]))[0]!.n);

describe('processors', () => {
  it("store what ingest put on the express lane (its own consumer), and count it once beside the bulk subject's copy", async () => {
    const express = syntheticTraceRequest(2, 1);
    const bulk = syntheticTraceRequest(3, 2);
    const ids = [...express.traces, ...bulk.traces].map((trace) => trace.traceId);
    await publishRaw(`${queue.SPANS_SUBJECT}.express`, [express.bytes]);
    await publishRaw(queue.SPANS_SUBJECT, [bulk.bytes, express.bytes]);
    await waitFor(() => spanCount(ids), (n) => n === express.spanCount + bulk.spanCount, 20_000, 'spans of both lanes stored');
    await waitFor(consumerPending, (n) => n === 0, 20_000, 'both lanes drained');
    expect(await spanCount(ids)).toBe(express.spanCount + bulk.spanCount);
    const summaries = await queryRows<{ n: string }>(db.url, 'SELECT sum(span_count) AS n FROM traces WHERE trace_id = ANY($1)', [ids]);
    expect(Number(summaries[0]!.n)).toBe(express.spanCount + bulk.spanCount);
  });

  it('stores a payload redelivered or re-published once, and counts it once in the trace summary', async () => {
    const payload = syntheticTraceRequest(5, 3);
    const ids = payload.traces.map((trace) => trace.traceId);
    await publishRaw(queue.SPANS_SUBJECT, [payload.bytes, payload.bytes, payload.bytes]);
    await waitFor(() => spanCount(ids), (n) => n === payload.spanCount, 20_000, 'spans stored');
    // Let the duplicates be consumed too before counting.
    await waitFor(consumerPending, (n) => n === 0, 20_000, 'consumer drained');
    expect(await spanCount(ids)).toBe(20);
    const summaries = await queryRows<{ span_count: number; llm_call_count: number; prompt_tokens: string; total_cost_usd: number }>(
      db.url,
      'SELECT span_count, llm_call_count, prompt_tokens, total_cost_usd FROM traces WHERE trace_id = ANY($1)',
      [ids],
    );
    expect(summaries).toHaveLength(5);
    for (const summary of summaries) {
      expect(summary).toMatchObject({ span_count: 4, llm_call_count: 3, prompt_tokens: '300' });
      expect(summary.total_cost_usd).toBeGreaterThan(0);
    }
  });

  it('consumes OTLP/JSON payloads (a collector NATS exporter with the otlp_json marshaler)', async () => {
    const payload = syntheticTraceRequest(2, 1);
    const json = Buffer.from(JSON.stringify(traceRequestToOtlpJson(payload.request)));
    await publishRaw(queue.SPANS_SUBJECT, [json]);
    const ids = payload.traces.map((trace) => trace.traceId);
    await waitFor(() => spanCount(ids), (n) => n === payload.spanCount, 20_000, 'JSON spans stored');
  });

  it('dead-letters a payload that keeps failing, with its reason, and still stores the others', async () => {
    const good = syntheticTraceRequest(1, 1);
    await publishRaw(queue.SPANS_SUBJECT, [new Uint8Array([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]), good.bytes]);
    await waitFor(() => spanCount([good.traces[0]!.traceId]), (n) => n === 2, 20_000, 'good spans stored');
    const nc = await connect({ servers: TEST_NATS_URL });
    try {
      const jsm = await jetstreamManager(nc);
      await waitFor(async () => (await jsm.streams.info(queue.DLQ_STREAM)).state.messages, (n) => n === 1, 20_000, 'a DLQ message');
      const dead = await jsm.streams.getMessage(queue.DLQ_STREAM, { seq: 1 });
      expect(dead!.header.get(DLQ_REASON_HEADER)).toMatch(/protobuf|decode|invalid/i);
      expect(dead!.header.get('Lumina-Dlq-Deliveries')).toBe('2');
      expect([...dead!.data]).toEqual([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]);
    } finally {
      await nc.close();
    }
  });

  it('serves /health and Prometheus /metrics with spans stored and consumer lag', async () => {
    const base = `http://127.0.0.1:${replicas[0]!.httpPort}`;
    expect((await fetch(`${base}/health`)).status).toBe(200);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/^lumina_spans_stored_total \d+/m);
    expect(metrics).toContain('lumina_consumer_pending_messages');
  });
});

const consumerPending = () => consumersBacklog(queue.SPANS_STREAM, [queue.PROCESSOR_CONSUMER, expressConsumer(queue.PROCESSOR_CONSUMER)]);

import { randomBytes } from 'node:crypto';
import { create, fromBinary } from '@bufbuild/protobuf';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertProject } from '@lumina/db';
import { createTestDatabase } from '@lumina/db/testing';
import { encodeTraceRequest, ExportTraceServiceRequestSchema, ExportTraceServiceResponseSchema } from '@lumina/proto';
import { startTestIngest } from './support/ingest.js';
import { uniqueQueueNames } from './support/names.js';
import { deleteStreams, streamMessageCount } from './support/nats.js';
import { waitFor } from './support/wait.js';

type Ingest = Awaited<ReturnType<typeof startTestIngest>>;

/** One request holding one span for each of the given trace ids. */
function spansOf(traceIds: string[]): Uint8Array {
  const now = BigInt(Date.now()) * 1_000_000n;
  const request = create(ExportTraceServiceRequestSchema, {
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { value: { case: 'stringValue', value: 'limited' } } }] },
        scopeSpans: [
          {
            spans: traceIds.map((traceId) => ({
              traceId: Buffer.from(traceId, 'hex'),
              spanId: randomBytes(8),
              name: 'work',
              kind: 2,
              startTimeUnixNano: now,
              endTimeUnixNano: now + 1_000_000n,
            })),
          },
        ],
      },
    ],
  });
  return encodeTraceRequest(request);
}

const newTraceId = () => randomBytes(16).toString('hex');

async function send(ingest: Ingest, traceIds: string[]) {
  const response = await fetch(`http://127.0.0.1:${ingest.httpPort}/v1/traces`, {
    method: 'POST',
    body: spansOf(traceIds),
    headers: { 'Content-Type': 'application/x-protobuf' },
  });
  const bytes = new Uint8Array(await response.arrayBuffer());
  const isJson = response.headers.get('content-type')?.includes('json');
  return {
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    error: isJson ? (JSON.parse(Buffer.from(bytes).toString()) as { error: { code: string; message: string } }).error : null,
    partial: !isJson && response.ok ? fromBinary(ExportTraceServiceResponseSchema, bytes).partialSuccess : undefined,
  };
}

const nextMidnightUtc = () => new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000 + 86_400_000);

describe('the daily trace limit', () => {
  const queue = uniqueQueueNames();
  const limitKeys = `lumina-test:${queue.SPANS_STREAM}:limit:`;
  const replicas: Ingest[] = [];

  beforeAll(async () => {
    // Two ingest replicas counting in the same Redis keys, as a scaled-out deployment does.
    for (let i = 0; i < 2; i += 1) replicas.push(await startTestIngest(queue, { DAILY_TRACE_LIMIT: '20', DAILY_TRACE_LIMIT_KEY_PREFIX: limitKeys }));
  });
  afterAll(async () => {
    for (const replica of replicas) await replica.ingest.stop();
    await deleteStreams(queue.SPANS_STREAM, queue.DLQ_STREAM);
  });

  const admitted: string[] = [];

  it('admits exactly the limit of distinct traces under concurrent senders on two replicas, and refuses the rest with 429', async () => {
    const traceIds = Array.from({ length: 60 }, newTraceId);
    const sentAt = Date.now();
    const answers = await Promise.all(traceIds.map((traceId, i) => send(replicas[i % 2]!, [traceId])));
    const accepted = answers.filter((answer) => answer.status === 200);
    const refused = answers.filter((answer) => answer.status === 429);
    expect(accepted).toHaveLength(20);
    expect(refused).toHaveLength(40);
    admitted.push(...traceIds.filter((_, i) => answers[i]!.status === 200));
    for (const replica of replicas) {
      const metrics = await (await fetch(`http://127.0.0.1:${replica.httpPort}/metrics`)).text();
      expect(metrics).toMatch(/lumina_ingest_daily_limit_unchecked_total 0\b/);
    }
    // Nothing refused reached the queue.
    expect(await streamMessageCount(queue.SPANS_STREAM)).toBe(20);

    const midnight = nextMidnightUtc();
    for (const answer of refused) {
      expect(answer.error?.code).toBe('daily_limit_exceeded');
      expect(answer.error?.message).toContain(midnight.toISOString());
      const seconds = Number(answer.retryAfter);
      // Whole seconds until the reset, counted from some moment after the request was sent.
      expect(seconds).toBeGreaterThan((midnight.getTime() - Date.now()) / 1000 - 1);
      expect(seconds).toBeLessThanOrEqual(Math.ceil((midnight.getTime() - sentAt) / 1000));
    }
  });

  it('still takes later spans of a trace counted today, on either replica', async () => {
    for (const replica of replicas) expect((await send(replica, [admitted[0]!, admitted[1]!])).status).toBe(200);
  });

  it('answers partial success when a request mixes counted traces with new ones past the limit', async () => {
    const answer = await send(replicas[0]!, [admitted[2]!, newTraceId(), newTraceId()]);
    expect(answer.status).toBe(200);
    expect(answer.partial?.rejectedSpans).toBe(2n);
    expect(answer.partial?.errorMessage).toContain('daily limit of 20 traces');
  });

  it('keeps the count across a restart of every replica (it lives in Redis)', async () => {
    const restarted = await startTestIngest(queue, { DAILY_TRACE_LIMIT: '20', DAILY_TRACE_LIMIT_KEY_PREFIX: limitKeys });
    try {
      expect((await send(restarted, [newTraceId()])).status).toBe(429);
      expect((await send(restarted, [admitted[3]!])).status).toBe(200);
    } finally {
      await restarted.ingest.stop();
    }
  });
});

describe('the daily trace limit of a project', () => {
  const queue = uniqueQueueNames();
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let ingest: Ingest;

  beforeAll(async () => {
    db = await createTestDatabase('lumina_limit');
    const pool = new pg.Pool({ connectionString: db.url });
    await upsertProject(pool, { projectId: 'default', dailyTraceLimit: 3 });
    await pool.end();
    ingest = await startTestIngest(queue, { DATABASE_URL: db.url, DAILY_TRACE_LIMIT: '1000' });
  });
  afterAll(async () => {
    await ingest?.ingest.stop();
    await deleteStreams(queue.SPANS_STREAM, queue.DLQ_STREAM);
    await db?.drop();
  });

  it("overrides the platform's limit with the project's own", async () => {
    const statuses = [];
    for (let i = 0; i < 5; i += 1) statuses.push((await send(ingest, [newTraceId()])).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
  });
});

describe('the daily trace limit without Redis', () => {
  const queue = uniqueQueueNames();
  let ingest: Ingest;

  beforeAll(async () => {
    // A port nothing listens on: Redis is down.
    ingest = await startTestIngest(queue, { DAILY_TRACE_LIMIT: '1', REDIS_URL: 'redis://127.0.0.1:1' });
  });
  afterAll(async () => {
    await ingest?.ingest.stop();
    await deleteStreams(queue.SPANS_STREAM, queue.DLQ_STREAM);
  });

  it('keeps accepting and counts the unchecked requests in its metrics', async () => {
    for (let i = 0; i < 3; i += 1) expect((await send(ingest, [newTraceId()])).status).toBe(200);
    const metrics = await waitFor(
      async () => await (await fetch(`http://127.0.0.1:${ingest.httpPort}/metrics`)).text(),
      (text) => /lumina_ingest_daily_limit_unchecked_total 3\b/.test(text),
      5_000,
      'the unchecked counter',
    );
    expect(metrics).toMatch(/lumina_ingest_daily_limit_unchecked_total 3\b/);
    expect(await streamMessageCount(queue.SPANS_STREAM)).toBe(3);
  });
});

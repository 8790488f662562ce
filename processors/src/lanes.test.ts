/**
 * PROCESSOR_LANES: a process reads only the lanes it is given, so `npm start` can run the express
 * lane in a process of its own. Real JetStream and Postgres.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expressConsumer, expressSubject } from '@lumina/core';
import { createTestDatabase } from '@lumina/db/testing';
import { uniqueQueueNames } from '../../test/support/names.js';
import { consumersBacklog, deleteStreams, publishRaw } from '../../test/support/nats.js';
import { syntheticTraceRequest } from '../../test/support/payloads.js';
import { startTestProcessor } from '../../test/support/processor.js';
import { queryRows } from '../../test/support/sql.js';
import { waitFor } from '../../test/support/wait.js';
import { loadProcessorConfig } from './config.js';

const queue = uniqueQueueNames();
let db: Awaited<ReturnType<typeof createTestDatabase>>;
const started: Awaited<ReturnType<typeof startTestProcessor>>[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await Promise.all(started.map((each) => each.processor.stop()));
  await deleteStreams(queue.SPANS_STREAM, queue.DLQ_STREAM, queue.FACTS_STREAM);
  await db.drop();
});

const spanCount = async (traceIds: string[]) =>
  Number((await queryRows<{ n: string }>(db.url, 'SELECT count(*) AS n FROM spans WHERE trace_id = ANY($1)', [traceIds]))[0]!.n);

const pendingOf = (consumer: string) => consumersBacklog(queue.SPANS_STREAM, [consumer]);

describe('PROCESSOR_LANES', () => {
  it('an express-only process leaves the bulk subject to a bulk one, which then stores it', async () => {
    started.push(await startTestProcessor(queue, db.url, { PROCESSOR_LANES: 'express' }));
    const express = syntheticTraceRequest(1, 1);
    const bulk = syntheticTraceRequest(4, 2);
    await publishRaw(queue.SPANS_SUBJECT, [bulk.bytes]);
    await publishRaw(expressSubject(queue.SPANS_SUBJECT), [express.bytes]);
    const expressIds = express.traces.map((trace) => trace.traceId);
    const bulkIds = bulk.traces.map((trace) => trace.traceId);
    await waitFor(() => spanCount(expressIds), (n) => n === express.spanCount, 20_000, 'express spans stored');
    // Stored and acknowledged the express message; the bulk one still waits, untouched.
    await waitFor(() => pendingOf(expressConsumer(queue.PROCESSOR_CONSUMER)), (n) => n === 0, 20_000, 'express lane drained');
    expect(await pendingOf(queue.PROCESSOR_CONSUMER)).toBe(1);
    expect(await spanCount(bulkIds)).toBe(0);

    started.push(await startTestProcessor(queue, db.url, { PROCESSOR_LANES: 'bulk' }));
    await waitFor(() => spanCount(bulkIds), (n) => n === bulk.spanCount, 20_000, 'bulk spans stored');
    await waitFor(() => pendingOf(queue.PROCESSOR_CONSUMER), (n) => n === 0, 20_000, 'bulk lane drained');
  });

  it('takes bulk, express or both, and nothing else', () => {
    expect(loadProcessorConfig({}).PROCESSOR_LANES).toEqual(['bulk', 'express']);
    expect(loadProcessorConfig({ PROCESSOR_LANES: ' express ' }).PROCESSOR_LANES).toEqual(['express']);
    expect(() => loadProcessorConfig({ PROCESSOR_LANES: 'fast' })).toThrow(/PROCESSOR_LANES/);
    expect(() => loadProcessorConfig({ PROCESSOR_LANES: '' })).toThrow(/PROCESSOR_LANES/);
  });
});

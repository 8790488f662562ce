/**
 * PROCESSOR_WRITE_CONCURRENCY: the bulk lane keeps several batches in flight but writes them
 * through a pool of its own with this many sessions. Real JetStream and Postgres.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '@lumina/db/testing';
import { uniqueQueueNames } from '../../test/support/names.js';
import { deleteStreams, publishRaw } from '../../test/support/nats.js';
import { syntheticTraceRequest } from '../../test/support/payloads.js';
import { startTestProcessor } from '../../test/support/processor.js';
import { queryRows } from '../../test/support/sql.js';
import { waitFor } from '../../test/support/wait.js';
import { loadProcessorConfig } from './config.js';

const queue = uniqueQueueNames();
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let started: Awaited<ReturnType<typeof startTestProcessor>> | undefined;

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await started?.processor.stop();
  await deleteStreams(queue.SPANS_STREAM, queue.DLQ_STREAM, queue.FACTS_STREAM);
  await db.drop();
});

const databaseName = () => new URL(db.url).pathname.slice(1);

describe('PROCESSOR_WRITE_CONCURRENCY', () => {
  it('writes three batches in flight through one session of its own, and stores every span once', async () => {
    started = await startTestProcessor(queue, db.url, {
      PROCESSOR_LANES: 'bulk',
      PROCESSOR_CONCURRENCY: '3',
      PROCESSOR_WRITE_CONCURRENCY: '1',
      // Small batches, so that many transactions follow each other while the load lasts.
      PROCESSOR_BATCH_MAX_BYTES: '65536',
    });
    const requests = Array.from({ length: 40 }, () => syntheticTraceRequest(10, 3));
    const traceIds = requests.flatMap((request) => request.traces.map((trace) => trace.traceId));
    const expected = requests.reduce((sum, request) => sum + request.spanCount, 0);

    // Until all is stored, each sample kept: how many write sessions the processor holds on this database.
    const observer = new pg.Client({ connectionString: db.url });
    await observer.connect();
    const writers: number[] = [];
    let stored: number;
    try {
      await publishRaw(queue.SPANS_SUBJECT, requests.map((request) => request.bytes));
      stored = await waitFor(
        async () => {
          const { rows } = await observer.query<{ writers: number; stored: number }>(
            `SELECT (SELECT count(*) FROM pg_stat_activity WHERE datname = $1 AND application_name = 'lumina-processors-writer')::int AS writers,
                    (SELECT count(*) FROM spans WHERE trace_id = ANY($2))::int AS stored`,
            [databaseName(), traceIds],
          );
          writers.push(rows[0]!.writers);
          return rows[0]!.stored;
        },
        (n) => n >= expected,
        30_000,
        'every span stored',
      );
    } finally {
      await observer.end();
    }
    // The bulk lane wrote through its own pool (seen at least once), never with two sessions.
    expect(Math.max(...writers)).toBe(1);
    await waitFor(
      () => queryRows<{ n: string }>(db.url, 'SELECT sum(span_count) AS n FROM traces WHERE trace_id = ANY($1)', [traceIds]),
      (rows) => Number(rows[0]!.n) === expected,
      20_000,
      'every span counted once in its trace summary',
    );
    expect(stored).toBe(expected);
  });

  it('defaults to one session and takes 1 to 16', () => {
    expect(loadProcessorConfig({}).PROCESSOR_WRITE_CONCURRENCY).toBe(1);
    expect(loadProcessorConfig({ PROCESSOR_WRITE_CONCURRENCY: '4' }).PROCESSOR_WRITE_CONCURRENCY).toBe(4);
    expect(() => loadProcessorConfig({ PROCESSOR_WRITE_CONCURRENCY: '0' })).toThrow(/PROCESSOR_WRITE_CONCURRENCY/);
  });
});

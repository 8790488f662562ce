import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '@lumina/db/testing';
import { uniqueQueueNames } from '../../test/support/names.js';
import { deleteStreams, publishRaw, TEST_NATS_URL } from '../../test/support/nats.js';
import { syntheticTraceRequest } from '../../test/support/payloads.js';
import { startTestProcessor } from '../../test/support/processor.js';
import { queryRows } from '../../test/support/sql.js';
import { waitFor } from '../../test/support/wait.js';

const queue = uniqueQueueNames();
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let replica: Awaited<ReturnType<typeof startTestProcessor>>;

beforeAll(async () => {
  db = await createTestDatabase();
  replica = await startTestProcessor(queue, db.url, {
    PROCESSOR_MAX_DELIVERIES: '1',
    DLQ_STREAM_MAX_MSGS: '1',
    PROCESSOR_DEAD_LETTER_RETRY_MS: '500',
  });
});
afterAll(async () => {
  await replica?.processor.stop();
  await deleteStreams(queue.SPANS_STREAM, queue.DLQ_STREAM, queue.FACTS_STREAM);
  await db?.drop();
});

async function streams() {
  const nc = await connect({ servers: TEST_NATS_URL });
  try {
    const jsm = await jetstreamManager(nc);
    return {
      spans: (await jsm.streams.info(queue.SPANS_STREAM)).state.messages,
      dlq: (await jsm.streams.info(queue.DLQ_STREAM)).state.messages,
    };
  } finally {
    await nc.close();
  }
}

async function purgeDeadLetters(): Promise<void> {
  const nc = await connect({ servers: TEST_NATS_URL });
  try {
    await (await jetstreamManager(nc)).streams.purge(queue.DLQ_STREAM);
  } finally {
    await nc.close();
  }
}

const refusals = async () => {
  const text = await (await fetch(`http://127.0.0.1:${replica.httpPort}/metrics`)).text();
  return Number(text.match(/^lumina_dead_letter_refusals_total (\d+)/m)?.[1] ?? 0);
};

describe('a full dead-letter stream', () => {
  it('makes the processors hold a failing payload in the spans stream, never drop it, and dead-letter it once there is room', async () => {
    const poison = [new Uint8Array([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]), new Uint8Array([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0e])];
    const good = syntheticTraceRequest(2, 1);
    await publishRaw(queue.SPANS_SUBJECT, [...poison, good.bytes]);

    const ids = good.traces.map((trace) => trace.traceId);
    await waitFor(
      async () => Number((await queryRows<{ n: string }>(db.url, 'SELECT count(*) AS n FROM spans WHERE trace_id = ANY($1)', [ids]))[0]!.n),
      (n) => n === good.spanCount,
      20_000,
      'the good payload stored',
    );
    await waitFor(refusals, (n) => n > 0, 20_000, 'a refusal by the full dead-letter stream');
    // One poison payload took the only dead-letter place; the other is still in the spans stream.
    await waitFor(streams, (state) => state.spans === 1, 10_000, 'the dead-lettered payload gone from the spans stream');
    expect(await streams()).toEqual({ spans: 1, dlq: 1 });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await streams()).toEqual({ spans: 1, dlq: 1 });

    await purgeDeadLetters();
    await waitFor(streams, (state) => state.spans === 0 && state.dlq === 1, 20_000, 'the held payload dead-lettered');
  });
});

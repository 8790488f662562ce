import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '@lumina/db';
import { uniqueQueueNames } from '../../test/support/names.js';
import { deleteStreams, publishRaw } from '../../test/support/nats.js';
import { syntheticTraceRequest } from '../../test/support/payloads.js';
import { startPrivatePostgres, type PrivatePostgres } from '../../test/support/private-postgres.js';
import { startTestProcessor } from '../../test/support/processor.js';
import { queryRows } from '../../test/support/sql.js';
import { waitFor } from '../../test/support/wait.js';

const queue = uniqueQueueNames();
let postgres: PrivatePostgres;
let replica: Awaited<ReturnType<typeof startTestProcessor>>;

beforeAll(async () => {
  postgres = await startPrivatePostgres();
  await migrate(postgres.url);
  replica = await startTestProcessor(queue, postgres.url, { PROCESSOR_BATCH_MAX_BYTES: '65536' });
});
afterAll(async () => {
  await replica?.processor.stop();
  await deleteStreams(queue.SPANS_STREAM, queue.DLQ_STREAM, queue.FACTS_STREAM);
  postgres?.destroy();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a Postgres crash in the middle of the stream', () => {
  it('loses nothing and duplicates nothing: spans in = spans stored once it is back', async () => {
    const payloads = Array.from({ length: 30 }, () => syntheticTraceRequest(4, 2));
    const spansIn = payloads.reduce((sum, payload) => sum + payload.spanCount, 0);

    await publishRaw(queue.SPANS_SUBJECT, payloads.slice(0, 10).map((p) => p.bytes));
    await waitFor(
      async () => Number((await queryRows<{ n: string }>(postgres.url, 'SELECT count(*) AS n FROM spans'))[0]!.n),
      (n) => n > 0,
      15_000,
      'first spans stored',
    );

    postgres.kill();
    await publishRaw(queue.SPANS_SUBJECT, payloads.slice(10, 20).map((p) => p.bytes));
    await sleep(3000);
    postgres.start();
    await publishRaw(queue.SPANS_SUBJECT, payloads.slice(20).map((p) => p.bytes));

    const stored = await waitFor(
      async () => Number((await queryRows<{ n: string }>(postgres.url, 'SELECT count(*) AS n FROM spans'))[0]!.n),
      (n) => n >= spansIn,
      60_000,
      'every span stored',
    );
    await sleep(1500);
    const [summary] = await queryRows<{ spans: string; traces: string; calls: string }>(
      postgres.url,
      'SELECT sum(span_count) AS spans, count(*) AS traces, sum(llm_call_count) AS calls FROM traces',
    );
    expect(stored).toBe(spansIn);
    expect(Number(summary!.spans)).toBe(spansIn);
    expect(Number(summary!.traces)).toBe(30 * 4);
    expect(Number(summary!.calls)).toBe(30 * 4 * 2);
  });
});

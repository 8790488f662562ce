import { jetstreamManager, type StreamConfig } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { uniqueQueueNames } from '../../test/support/names.js';
import { deleteStreams, TEST_NATS_URL } from '../../test/support/nats.js';
import { loadIngestConfig } from './config.js';
import { createIngest } from './service.js';

const HOUR_NANOS = 3600 * 1_000_000_000;
const created: string[] = [];
afterAll(async () => {
  await deleteStreams(...created);
});

async function withJsm<T>(work: (jsm: Awaited<ReturnType<typeof jetstreamManager>>) => Promise<T>): Promise<T> {
  const nc = await connect({ servers: TEST_NATS_URL });
  try {
    return await work(await jetstreamManager(nc));
  } finally {
    await nc.close();
  }
}

/** Starts and stops an ingest on the stream; returns what it logged at warn and above. */
async function startIngestLogging(queue: ReturnType<typeof uniqueQueueNames>, env: Record<string, string> = {}) {
  const lines: { level: number; msg: string }[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  const ingest = createIngest(loadIngestConfig({ NATS_URL: TEST_NATS_URL, INGEST_GRPC_PORT: '0', INGEST_HTTP_PORTS: '0', ...queue, ...env }), logger);
  await ingest.start();
  await ingest.stop();
  return lines.filter((line) => line.level >= 40).map((line) => line.msg);
}

function operatorStream(queue: ReturnType<typeof uniqueQueueNames>, retention: 'workqueue' | 'limits'): Partial<StreamConfig> & { name: string } {
  created.push(queue.SPANS_STREAM);
  return {
    name: queue.SPANS_STREAM,
    subjects: [queue.SPANS_SUBJECT],
    retention: retention as StreamConfig['retention'],
    discard: 'old' as StreamConfig['discard'],
    max_age: 24 * HOUR_NANOS,
    max_bytes: 5_000_000,
    max_msgs: 1000,
  };
}

describe('a spans stream an operator created with other limits', () => {
  it('gets discard new and no age limit, keeps its own size limits, and every change is logged', async () => {
    const queue = uniqueQueueNames();
    await withJsm((jsm) => jsm.streams.add(operatorStream(queue, 'workqueue')));
    const logged = await startIngestLogging(queue);
    const config = await withJsm(async (jsm) => (await jsm.streams.info(queue.SPANS_STREAM)).config);
    expect(config).toMatchObject({ discard: 'new', max_age: 0, max_bytes: 5_000_000, max_msgs: 1000 });
    // A stream made before the express lane gets it, beside its own subject.
    expect(config.subjects).toEqual([queue.SPANS_SUBJECT, `${queue.SPANS_SUBJECT}.express`]);
    expect(logged).toEqual(
      expect.arrayContaining([
        'stream discard changed from old to new',
        `stream max_age changed from ${24 * HOUR_NANOS} to none`,
        'stream keeps its own max_bytes 5000000',
        'stream keeps its own max_msgs 1000',
      ]),
    );

    const relogged = await startIngestLogging(queue, { SPANS_STREAM_MAX_BYTES: '9000000' });
    expect((await withJsm((jsm) => jsm.streams.info(queue.SPANS_STREAM))).config.max_bytes).toBe(9_000_000);
    expect(relogged).toContain('stream max_bytes changed from 5000000 to 9000000');
    expect(relogged).not.toContain('stream discard changed from old to new');
  });

  it('with a retention Lumina cannot change in place is left alone, with an error saying what to do', async () => {
    const queue = uniqueQueueNames();
    await withJsm((jsm) => jsm.streams.add(operatorStream(queue, 'limits')));
    const logged = await startIngestLogging(queue);
    const config = await withJsm(async (jsm) => (await jsm.streams.info(queue.SPANS_STREAM)).config);
    expect(config).toMatchObject({ retention: 'limits', discard: 'old', max_bytes: 5_000_000 });
    expect(logged.join('\n')).toMatch(/cannot be made safe in place: retention is 'limits'.*drain.*delete/);
  });
});

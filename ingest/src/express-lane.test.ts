/**
 * The express lane: an export of few spans is published on the spans subject's `.express`
 * lane (read by a consumer of its own, ahead of the bulk backlog); a larger one on the bulk
 * subject. Sent by the official exporters, read back from JetStream with each message's subject.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeTraceRequest } from '@lumina/proto';
import { uniqueQueueNames } from '../../test/support/names.js';
import { deleteStreams, streamMessages } from '../../test/support/nats.js';
import { otlpExporter, withTracer, type Transport } from '../../test/support/otel.js';
import { startTestIngest } from '../../test/support/ingest.js';

const queue = uniqueQueueNames();
const offQueue = uniqueQueueNames();
let ingest: Awaited<ReturnType<typeof startTestIngest>>;
let ingestWithoutLane: Awaited<ReturnType<typeof startTestIngest>>;

beforeAll(async () => {
  ingest = await startTestIngest(queue, { INGEST_EXPRESS_MAX_SPANS: '4' });
  ingestWithoutLane = await startTestIngest(offQueue, { INGEST_EXPRESS_MAX_SPANS: '0' });
});
afterAll(async () => {
  await Promise.all([ingest.ingest.stop(), ingestWithoutLane.ingest.stop()]);
  await deleteStreams(queue.SPANS_STREAM, offQueue.SPANS_STREAM);
});

/** The subject each span (by name) was published on. */
async function subjectsBySpan(stream: string): Promise<Map<string, string>> {
  const subjects = new Map<string, string>();
  for (const { subject, data } of await streamMessages(stream)) {
    for (const rs of decodeTraceRequest(data).resourceSpans) for (const ss of rs.scopeSpans) for (const span of ss.spans) subjects.set(span.name, subject);
  }
  return subjects;
}

/** Exports `count` spans named `${prefix}-<i>` in one request. */
async function exportSpans(transport: Transport, ports: { grpcPort: number; httpPort: number }, prefix: string, count: number): Promise<void> {
  await withTracer(otlpExporter(transport, ports), { 'service.name': 'lanes' }, (tracer) => {
    for (let i = 0; i < count; i += 1) tracer.startSpan(`${prefix}-${i}`).end();
  });
}

describe('the express lane', () => {
  it.each<Transport>(['grpc', 'http/protobuf', 'http/json'])('takes an export of at most INGEST_EXPRESS_MAX_SPANS spans over %s, and leaves a larger one on the bulk subject', async (transport) => {
    await exportSpans(transport, ingest, `small-${transport}`, 4);
    await exportSpans(transport, ingest, `large-${transport}`, 5);
    const subjects = await subjectsBySpan(queue.SPANS_STREAM);
    for (let i = 0; i < 4; i += 1) expect(subjects.get(`small-${transport}-${i}`)).toBe(`${queue.SPANS_SUBJECT}.express`);
    for (let i = 0; i < 5; i += 1) expect(subjects.get(`large-${transport}-${i}`)).toBe(queue.SPANS_SUBJECT);
  });

  it('is not used with INGEST_EXPRESS_MAX_SPANS=0', async () => {
    await exportSpans('http/protobuf', ingestWithoutLane, 'one', 1);
    expect((await subjectsBySpan(offQueue.SPANS_STREAM)).get('one-0')).toBe(offQueue.SPANS_SUBJECT);
  });
});

/**
 * A replica that starts while its JetStream cluster cannot yet take a stream (no quorum: the
 * other servers still starting or restarting) waits and asks again, instead of exiting on the
 * first timeout; a real refusal is still thrown at once.
 */
import { JetStreamApiError, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spansStreamSpec } from '@lumina/core';
import { ensureStream } from '@lumina/runtime';
import { capturingLogger } from './support/capturing-logger.js';
import { uniqueQueueNames } from './support/names.js';
import { startNatsCluster, type NatsCluster } from './support/nats-cluster.js';
import { waitFor } from './support/wait.js';

/** Within the test servers' 2 GB stores (JetStream places a stream only where its max fits). */
const SMALL_STREAM_BYTES = 64 * 1024 * 1024;
let cluster: NatsCluster;
let nc: NatsConnection;

beforeAll(async () => {
  cluster = await startNatsCluster(3);
  nc = await connect({ servers: cluster.nodes[0]!.url, maxReconnectAttempts: -1 });
}, 240_000);

afterAll(async () => {
  await nc?.close();
  await cluster?.destroy();
}, 60_000);

describe('starting beside a JetStream cluster that cannot take a stream yet', () => {
  it('waits while two of three servers are down, then creates the stream at replicas 3 once they are back', async () => {
    const names = uniqueQueueNames();
    const { logger, lines } = capturingLogger('warn');
    await Promise.all([cluster.nodes[1]!.kill(), cluster.nodes[2]!.kill()]);

    const ensuring = ensureStream(nc, spansStreamSpec(names.SPANS_STREAM, names.SPANS_SUBJECT, { replicas: 3, maxBytes: SMALL_STREAM_BYTES }), logger, { reconcile: true });
    const outcome = ensuring.then(
      () => 'created',
      (error: unknown) => `failed: ${String(error)}`,
    );
    // Bring the servers back only once it has been told "not now" at least once.
    await waitFor(async () => lines.some((line) => line.msg.includes('asking again')), Boolean, 120_000, 'a first "not now"');
    await Promise.all([cluster.nodes[1]!.start(), cluster.nodes[2]!.start()]);

    expect(await outcome).toBe('created');
    const info = await (await jetstreamManager(nc, { timeout: 20_000 })).streams.info(names.SPANS_STREAM);
    expect(info.config.num_replicas).toBe(3);
    expect(lines.find((line) => line.msg.includes('asking again'))?.what).toBe(`stream ${names.SPANS_STREAM}`);
  }, 300_000);

  it('throws a refusal at once, without asking again: a stream whose subjects another stream holds', async () => {
    const first = uniqueQueueNames();
    const second = uniqueQueueNames();
    const { logger, lines } = capturingLogger('warn');
    await ensureStream(nc, spansStreamSpec(first.SPANS_STREAM, first.SPANS_SUBJECT, { replicas: 3, maxBytes: SMALL_STREAM_BYTES }), logger, { reconcile: true });

    const error = await ensureStream(nc, spansStreamSpec(second.SPANS_STREAM, first.SPANS_SUBJECT, { replicas: 3, maxBytes: SMALL_STREAM_BYTES }), logger, { reconcile: true }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(JetStreamApiError);
    expect(lines.filter((line) => line.msg.includes('asking again'))).toEqual([]);
  }, 120_000);
});

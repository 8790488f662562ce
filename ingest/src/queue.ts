import { createHash } from 'node:crypto';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { JetStreamClient, StreamConfig } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import type { NatsConnection } from '@nats-io/transport-node';
import { jetStreamConfig, spansStreamSpec, type StreamSpec } from '@lumina/core';
import { IngestError } from './errors.js';

export interface SpanQueueOptions {
  natsUrl: string;
  stream: string;
  subject: string;
  publishTimeoutMs: number;
}

/** The JetStream side of ingest: owns the connection and the spans stream. */
export interface SpanQueue {
  /** Stores the payload durably; resolves only after the JetStream ack. */
  publish(payload: Uint8Array): Promise<{ seq: number; duplicate: boolean }>;
  /** The largest payload the NATS server takes in one message, less room for headers. */
  maxPayloadBytes(): number;
  isConnected(): boolean;
  close(): Promise<void>;
}

/** Creates the stream, or updates it to our settings when it already exists. */
export async function ensureSpansStream(nc: NatsConnection, spec: StreamSpec): Promise<void> {
  const jsm = await jetstreamManager(nc);
  const config = jetStreamConfig(spec) as unknown as Partial<StreamConfig> & { name: string };
  try {
    await jsm.streams.info(spec.name);
    await jsm.streams.update(spec.name, config);
  } catch (error) {
    if (!(error instanceof Error) || !/not found/i.test(error.message)) throw error;
    await jsm.streams.add(config);
  }
}

const DEFAULT_MAX_PAYLOAD = 1024 * 1024;
const HEADER_ROOM_BYTES = 1024;

/** The dedupe id: the same payload retried by a client within the duplicate window is stored once. */
function payloadMessageId(payload: Uint8Array): string {
  return createHash('sha256').update(payload).digest('base64url');
}

/** Connects to NATS (retrying forever in the background once connected) and ensures the spans stream. */
export async function openSpanQueue(options: SpanQueueOptions): Promise<SpanQueue> {
  const nc = await connect({
    servers: options.natsUrl,
    name: 'lumina-ingest',
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
  });
  let connected = true;
  void (async () => {
    for await (const status of nc.status()) {
      if (status.type === 'disconnect') connected = false;
      if (status.type === 'reconnect') connected = true;
    }
  })();
  await ensureSpansStream(nc, spansStreamSpec(options.stream, options.subject));
  const js: JetStreamClient = jetstream(nc, { timeout: options.publishTimeoutMs });
  return {
    async publish(payload) {
      try {
        const ack = await js.publish(options.subject, payload, { msgID: payloadMessageId(payload) });
        return { seq: ack.seq, duplicate: ack.duplicate };
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new IngestError('queue_unavailable', `the span queue did not store the payload: ${reason}`);
      }
    },
    maxPayloadBytes: () => (nc.info?.max_payload ?? DEFAULT_MAX_PAYLOAD) - HEADER_ROOM_BYTES,
    isConnected: () => connected && !nc.isClosed(),
    async close() {
      if (!nc.isClosed()) await nc.drain();
    },
  };
}

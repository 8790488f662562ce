import { createHash } from 'node:crypto';
import { jetstream, JetStreamApiError, type JetStreamClient } from '@nats-io/jetstream';
import { headers } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { expressSubject, PROJECT_ID_HEADER, spansStreamSpec, type StreamLimitSettings } from '@lumina/core';
import { connectNats, ensureStream, errorText, watchStream, type NatsHandle, type NotReady, type StreamGauges, type StreamWatch } from '@lumina/runtime';
import { IngestError } from './errors.js';
import { queueFullness } from './queue-fullness.js';
import { storedRecordBytes, streamByteBudget } from './byte-budget.js';

export interface SpanQueueOptions {
  natsUrl: string;
  stream: string;
  subject: string;
  /** payloads of at most this many spans go to the subject's express lane; 0 or unset: none */
  expressMaxSpans?: number;
  limits: StreamLimitSettings;
  /** push back while the oldest unprocessed message is older than this; 0: never */
  maxBacklogAgeSeconds: number;
  publishTimeoutMs: number;
  /** the stream's settings (default: the spans queue's) */
  spec?: typeof spansStreamSpec;
}

/** The JetStream side of ingest: owns the connection and the spans stream. */
export interface SpanQueue {
  /**
   * Stores the payload durably for `projectId`; resolves only after the JetStream ack. A payload
   * of few `spans` (known) goes to the express lane, so it is not queued behind bulk traffic.
   */
  publish(payload: Uint8Array, projectId: string, spans?: number): Promise<{ seq: number; duplicate: boolean }>;
  /** The largest payload the NATS server takes in one message, less room for headers. */
  maxPayloadBytes(): number;
  /** Why new data cannot be taken now (NATS away, the queue full), or null. */
  notReady(): NotReady | null;
  close(): Promise<void>;
}

const HEADER_ROOM_BYTES = 1024;
/** JetStream API errors that mean "stored nothing: no room" (store failed: bytes/messages limit; insufficient resources). */
const NO_ROOM_CODES = new Set([10077, 10047]);

/** The dedupe id: the same payload retried by a client within the duplicate window is stored once. */
function payloadMessageId(payload: Uint8Array, projectId: string): string {
  return createHash('sha256').update(projectId).update('\0').update(payload).digest('base64url');
}

function publishError(error: unknown, stream: string): IngestError {
  if (error instanceof JetStreamApiError && NO_ROOM_CODES.has(error.code)) {
    return new IngestError('queue_full', `the queue ${stream} is full (${error.message}); retry later`);
  }
  return new IngestError('queue_unavailable', `the queue ${stream} did not store the payload: ${errorText(error)}`);
}

/** Connects to NATS (retrying forever in the background once connected), ensures and watches the spans stream. */
export async function openSpanQueue(options: SpanQueueOptions, gauges: StreamGauges, logger: Logger): Promise<SpanQueue> {
  const nats: NatsHandle = await connectNats(options.natsUrl, 'lumina-ingest', logger);
  await ensureStream(nats.nc, (options.spec ?? spansStreamSpec)(options.stream, options.subject, options.limits), logger, { reconcile: true });
  const watch: StreamWatch = watchStream(nats.nc, options.stream, gauges, logger);
  await watch.refresh();
  const fullness = queueFullness(options.maxBacklogAgeSeconds);
  const budget = streamByteBudget();
  const js: JetStreamClient = jetstream(nats.nc, { timeout: options.publishTimeoutMs });
  const expressMaxSpans = options.expressMaxSpans ?? 0;
  const express = expressSubject(options.subject);
  return {
    async publish(payload, projectId, spans) {
      // One reading of the stream for both checks.
      const fill = watch.fill();
      const tooOld = fullness.tooOld(fill);
      if (tooOld) throw new IngestError('queue_full', tooOld);
      const h = headers();
      h.set(PROJECT_ID_HEADER, projectId);
      const subject = spans !== undefined && spans <= expressMaxSpans ? express : options.subject;
      const recordBytes = storedRecordBytes(payload.length, subject, projectId);
      const noRoom = budget.reserve(fill, recordBytes);
      if (noRoom) {
        fullness.refused();
        throw new IngestError('queue_full', noRoom);
      }
      let stored = false;
      try {
        const ack = await js.publish(subject, payload, { msgID: payloadMessageId(payload, projectId), headers: h });
        stored = !ack.duplicate;
        fullness.stored();
        return { seq: ack.seq, duplicate: ack.duplicate };
      } catch (error) {
        const refused = publishError(error, options.stream);
        if (refused.code === 'queue_full') fullness.refused();
        throw refused;
      } finally {
        budget.settle(recordBytes, stored);
      }
    },
    maxPayloadBytes: () => nats.maxPayloadBytes() - HEADER_ROOM_BYTES,
    notReady() {
      if (!nats.isConnected()) return { code: 'queue_unavailable', message: 'NATS is not reachable' };
      const full = fullness.full(watch.fill());
      return full ? { code: 'queue_full', message: full } : null;
    },
    async close() {
      watch.stop();
      await nats.close();
    },
  };
}

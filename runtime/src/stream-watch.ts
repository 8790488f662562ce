import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { Gauge, type Registry } from 'prom-client';
import { errorText } from './logger.js';

/** A stream's fill against its limits, as last read. */
export interface StreamFill {
  bytes: number;
  maxBytes: number;
  messages: number;
  /** -1: no limit */
  maxMessages: number;
  /** age of the oldest message still in the stream: for a work queue, the oldest not yet processed */
  backlogAgeSeconds: number;
}

export interface StreamWatch {
  /** the last reading; null until the first one succeeded */
  fill(): StreamFill | null;
  /** Reads now (and updates the gauges). */
  refresh(): Promise<StreamFill | null>;
  stop(): void;
}

/** The gauges a stream's fill is exposed with; created with the service's metrics, read by watchStream. */
export function createStreamGauges(registry: Registry) {
  const gauge = (name: string, help: string) => new Gauge({ name, help, labelNames: ['stream'] as const, registers: [registry] });
  return {
    bytes: gauge('lumina_stream_bytes', 'Bytes stored in the stream (a work queue: unprocessed)'),
    maxBytes: gauge('lumina_stream_max_bytes', 'Byte limit of the stream (-1: none)'),
    messages: gauge('lumina_stream_messages', 'Messages stored in the stream'),
    maxMessages: gauge('lumina_stream_max_messages', 'Message limit of the stream (-1: none)'),
    backlogAge: gauge('lumina_stream_backlog_age_seconds', 'Age of the oldest message in the stream: the consumer lag in seconds'),
  };
}

export type StreamGauges = ReturnType<typeof createStreamGauges>;

/**
 * Reads a stream's state every `intervalMs` into Prometheus gauges, so the queue's fill is
 * visible before it hurts (and ingest can say it is not ready when the queue is full).
 */
export function watchStream(nc: NatsConnection, stream: string, metrics: StreamGauges, logger: Logger, intervalMs = 1000, now = () => Date.now()): StreamWatch {
  let last: StreamFill | null = null;
  let failing = false;
  let jsm: Promise<JetStreamManager> | null = null;
  const refresh = async () => {
    try {
      jsm ??= jetstreamManager(nc);
      const { config, state } = await (await jsm).streams.info(stream);
      const firstMs = state.messages > 0 ? Date.parse(state.first_ts) : now();
      last = {
        bytes: state.bytes,
        maxBytes: config.max_bytes,
        messages: state.messages,
        maxMessages: config.max_msgs,
        backlogAgeSeconds: Math.max(0, (now() - firstMs) / 1000),
      };
      metrics.bytes.set({ stream }, last.bytes);
      metrics.maxBytes.set({ stream }, last.maxBytes);
      metrics.messages.set({ stream }, last.messages);
      metrics.maxMessages.set({ stream }, last.maxMessages);
      metrics.backlogAge.set({ stream }, last.backlogAgeSeconds);
      failing = false;
    } catch (error) {
      jsm = null;
      if (!failing) logger.warn({ stream, err: errorText(error) }, 'cannot read the stream state');
      failing = true;
    }
    return last;
  };
  const timer = setInterval(() => void refresh(), intervalMs);
  timer.unref();
  return { fill: () => last, refresh, stop: () => clearInterval(timer) };
}

import { AckPolicy, DeliverPolicy, jetstream } from '@nats-io/jetstream';
import type { Consumer, JetStreamClient } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { deadLetterStreamSpec, expressConsumer, expressSubject, logsStreamSpec, spansStreamSpec } from '@lumina/core';
import { ensureConsumer, ensureStream, spansStreamLimits } from '@lumina/runtime';
import type { ProcessorConfig } from './config.js';

/**
 * Makes sure the spans stream (owned by ingest: created here only when processors start
 * first, else given the subjects it lacks), the dead-letter stream (owned here: brought to our
 * settings) and the two durable pull consumers every replica shares all exist: one of the bulk
 * subject, one of its express lane (small exports, read ahead of the bulk backlog).
 */
export async function openSpansConsumer(nc: NatsConnection, config: ProcessorConfig, logger: Logger): Promise<{ consumer: Consumer; express: Consumer; js: JetStreamClient }> {
  await ensureStream(nc, spansStreamSpec(config.SPANS_STREAM, config.SPANS_SUBJECT, spansStreamLimits(config)), logger, { reconcile: false });
  const dlqLimits = { maxBytes: config.DLQ_STREAM_MAX_BYTES, maxMsgs: config.DLQ_STREAM_MAX_MSGS, replicas: config.NATS_STREAM_REPLICAS };
  await ensureStream(nc, deadLetterStreamSpec(config.DLQ_STREAM, config.DLQ_SUBJECT, dlqLimits), logger, { reconcile: true });
  return {
    consumer: await durableConsumer(nc, config, config.SPANS_STREAM, config.SPANS_SUBJECT, config.PROCESSOR_CONSUMER, logger),
    express: await durableConsumer(nc, config, config.SPANS_STREAM, expressSubject(config.SPANS_SUBJECT), expressConsumer(config.PROCESSOR_CONSUMER), logger),
    js: jetstream(nc),
  };
}

/** The logs stream (created here when processors start before ingest) and its durable consumer. */
export async function openLogsConsumer(nc: NatsConnection, config: ProcessorConfig, logger: Logger): Promise<Consumer> {
  const limits = { maxBytes: config.LOGS_STREAM_MAX_BYTES, maxMsgs: config.LOGS_STREAM_MAX_MSGS };
  await ensureStream(nc, logsStreamSpec(config.LOGS_STREAM, config.LOGS_SUBJECT, limits), logger, { reconcile: false });
  return durableConsumer(nc, config, config.LOGS_STREAM, config.LOGS_SUBJECT, config.PROCESSOR_LOGS_CONSUMER, logger);
}

/** The one durable pull consumer of a stream every replica shares, created or brought to our settings. */
function durableConsumer(nc: NatsConnection, config: ProcessorConfig, stream: string, subject: string, name: string, logger: Logger): Promise<Consumer> {
  const consumerConfig = {
    durable_name: name,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    filter_subject: subject,
    ack_wait: config.PROCESSOR_ACK_WAIT_MS * 1_000_000,
    // Deliveries are counted by us: a database outage must not push messages to the DLQ.
    max_deliver: -1,
    max_ack_pending: 20_000,
  };
  return ensureConsumer(nc, stream, consumerConfig, logger, { reconcile: true });
}

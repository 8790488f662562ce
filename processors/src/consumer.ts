import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager, JetStreamApiCodes, JetStreamApiError } from '@nats-io/jetstream';
import type { Consumer, JetStreamClient } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { deadLetterStreamSpec, spansStreamSpec } from '@lumina/core';
import { ensureStream, spansStreamLimits } from '@lumina/runtime';
import type { ProcessorConfig } from './config.js';

function isConsumerNotFound(error: unknown): boolean {
  return error instanceof JetStreamApiError && error.code === JetStreamApiCodes.ConsumerNotFound;
}

/**
 * Makes sure the spans stream (owned by ingest: created here only when processors start
 * first), the dead-letter stream (owned here: brought to our settings) and the one durable pull
 * consumer every replica shares all exist.
 */
export async function openSpansConsumer(nc: NatsConnection, config: ProcessorConfig, logger: Logger): Promise<{ consumer: Consumer; js: JetStreamClient }> {
  await ensureStream(nc, spansStreamSpec(config.SPANS_STREAM, config.SPANS_SUBJECT, spansStreamLimits(config)), logger, { reconcile: false });
  const dlqLimits = { maxBytes: config.DLQ_STREAM_MAX_BYTES, maxMsgs: config.DLQ_STREAM_MAX_MSGS, replicas: config.NATS_STREAM_REPLICAS };
  await ensureStream(nc, deadLetterStreamSpec(config.DLQ_STREAM, config.DLQ_SUBJECT, dlqLimits), logger, { reconcile: true });
  const jsm = await jetstreamManager(nc);
  const consumerConfig = {
    durable_name: config.PROCESSOR_CONSUMER,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    filter_subject: config.SPANS_SUBJECT,
    ack_wait: config.PROCESSOR_ACK_WAIT_MS * 1_000_000,
    // Deliveries are counted by us: a database outage must not push messages to the DLQ.
    max_deliver: -1,
    max_ack_pending: 20_000,
  };
  try {
    await jsm.consumers.info(config.SPANS_STREAM, config.PROCESSOR_CONSUMER);
    await jsm.consumers.update(config.SPANS_STREAM, config.PROCESSOR_CONSUMER, {
      ack_wait: consumerConfig.ack_wait,
      max_deliver: consumerConfig.max_deliver,
      max_ack_pending: consumerConfig.max_ack_pending,
    });
  } catch (error) {
    if (!isConsumerNotFound(error)) throw error;
    await jsm.consumers.add(config.SPANS_STREAM, consumerConfig);
  }
  const js = jetstream(nc);
  return { consumer: await js.consumers.get(config.SPANS_STREAM, config.PROCESSOR_CONSUMER), js };
}

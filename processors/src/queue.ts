import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { Consumer, JetStreamClient, StreamConfig } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { deadLetterStreamSpec, jetStreamConfig, spansStreamSpec, type StreamSpec } from '@lumina/core';
import type { ProcessorConfig } from './config.js';

async function ensureStream(nc: NatsConnection, spec: StreamSpec): Promise<void> {
  const jsm = await jetstreamManager(nc);
  const config = jetStreamConfig(spec) as unknown as Partial<StreamConfig> & { name: string };
  try {
    await jsm.streams.info(spec.name);
  } catch (error) {
    if (!(error instanceof Error) || !/not found/i.test(error.message)) throw error;
    await jsm.streams.add(config);
  }
}

/**
 * Makes sure the spans stream (created by ingest, but processors may start first), the
 * dead-letter stream and the one durable pull consumer every replica shares all exist.
 */
export async function openSpansConsumer(nc: NatsConnection, config: ProcessorConfig): Promise<{ consumer: Consumer; js: JetStreamClient }> {
  await ensureStream(nc, spansStreamSpec(config.SPANS_STREAM, config.SPANS_SUBJECT));
  await ensureStream(nc, deadLetterStreamSpec(config.DLQ_STREAM, config.DLQ_SUBJECT));
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
    if (!(error instanceof Error) || !/not found/i.test(error.message)) throw error;
    await jsm.consumers.add(config.SPANS_STREAM, consumerConfig);
  }
  const js = jetstream(nc);
  return { consumer: await js.consumers.get(config.SPANS_STREAM, config.PROCESSOR_CONSUMER), js };
}

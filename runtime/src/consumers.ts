import { jetstream, JetStreamApiCodes, JetStreamApiError, type Consumer, type ConsumerConfig } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { setupManager, untilJetStreamTakes } from './jetstream-setup.js';

/** A durable consumer's settings: its name, and what `add` takes. */
export type DurableConsumerConfig = Partial<ConsumerConfig> & { durable_name: string };

export interface EnsureConsumerOptions {
  /**
   * bring an existing consumer's ack wait, deliveries and ack-pending limit to `config` (the
   * service whose settings they are); false: use an existing one as it is
   */
  reconcile: boolean;
}

function isConsumerNotFound(error: unknown): boolean {
  return error instanceof JetStreamApiError && error.code === JetStreamApiCodes.ConsumerNotFound;
}

/**
 * The durable pull consumer every replica of a service shares: created when missing, with
 * `reconcile` brought to `config`; asked again while JetStream is not ready (a cluster electing
 * or placing replicas). Resolves to the handle to pull from.
 */
export function ensureConsumer(nc: NatsConnection, stream: string, config: DurableConsumerConfig, logger: Logger, options: EnsureConsumerOptions): Promise<Consumer> {
  return untilJetStreamTakes(`consumer ${config.durable_name}`, () => ensureConsumerOnce(nc, stream, config, options), logger);
}

async function ensureConsumerOnce(nc: NatsConnection, stream: string, config: DurableConsumerConfig, options: EnsureConsumerOptions): Promise<Consumer> {
  const jsm = await setupManager(nc);
  const name = config.durable_name;
  try {
    await jsm.consumers.info(stream, name);
    if (options.reconcile) {
      await jsm.consumers.update(stream, name, { ack_wait: config.ack_wait, max_deliver: config.max_deliver, max_ack_pending: config.max_ack_pending });
    }
  } catch (error) {
    if (!isConsumerNotFound(error)) throw error;
    await jsm.consumers.add(stream, config);
  }
  return jetstream(nc).consumers.get(stream, name);
}

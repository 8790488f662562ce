import { AckPolicy, DeliverPolicy, type Consumer, type JsMsg } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { ensureConsumer, errorText } from '@lumina/runtime';
import type { AlerterConfig } from './config.js';

/** The one durable pull consumer on the facts stream that every alerter replica shares (an existing one used as it is). */
export function openFactsConsumer(nc: NatsConnection, config: AlerterConfig, logger: Logger): Promise<Consumer> {
  const consumerConfig = {
    durable_name: config.ALERTER_CONSUMER,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    filter_subject: config.FACTS_SUBJECT,
    ack_wait: config.ALERTER_ACK_WAIT_MS * 1_000_000,
    max_ack_pending: 1_000,
  };
  return ensureConsumer(nc, config.FACTS_STREAM, consumerConfig, logger, { reconcile: false });
}

export interface FactsLoop {
  stop(): Promise<void>;
}

/**
 * Pulls facts messages and hands each to `handle`, up to `concurrency` at once; a message is
 * acked after `handle` resolves (its transaction committed), and asked again later when it throws.
 */
export function consumeFacts(consumer: Consumer, concurrency: number, handle: (message: JsMsg) => Promise<void>, logger: Logger): FactsLoop {
  let stopping = false;
  const inFlight = new Set<Promise<void>>();
  let messages: Awaited<ReturnType<Consumer['consume']>> | undefined;
  const loop = (async () => {
    while (!stopping) {
      try {
        messages = await consumer.consume({ max_messages: concurrency * 4, expires: 5_000 });
        for await (const message of messages) {
          while (inFlight.size >= concurrency) await Promise.race(inFlight);
          const task = handle(message).finally(() => inFlight.delete(task));
          inFlight.add(task);
          if (stopping) break;
        }
      } catch (error) {
        if (stopping) break;
        logger.warn({ err: errorText(error) }, 'facts consumer failed; resubscribing');
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  })();
  return {
    async stop() {
      stopping = true;
      await messages?.close();
      await loop;
      await Promise.all(inFlight);
    },
  };
}

import type { JetStreamClient } from '@nats-io/jetstream';
import type { Logger } from 'pino';
import { alertFactOf, encodeAlertFacts, type AlertFact } from '@lumina/core';
import { errorText } from '@lumina/runtime';
import type { Delivery, Stage } from './stage.js';

export interface PublishFactsDeps {
  js: JetStreamClient;
  subject: string;
  /** the largest message the server takes; a bigger batch goes out in several */
  maxPayloadBytes: number;
  logger: Logger;
  onPublished: (facts: number) => void;
}

/** Facts in messages under the size limit (almost always one). */
function chunks(facts: AlertFact[], maxPayloadBytes: number): Uint8Array[] {
  const whole = encodeAlertFacts(facts);
  if (whole.byteLength <= maxPayloadBytes || facts.length === 1) return [whole];
  const half = facts.length >> 1;
  return [...chunks(facts.slice(0, half), maxPayloadBytes), ...chunks(facts.slice(half), maxPayloadBytes)];
}

/**
 * Stage (after persist, before acknowledge): the compact facts of the LLM calls in the batch's
 * committed deliveries, published to the facts subject for the alerter. Only stored data is
 * published; a redelivered message publishes its facts again (the alerter counts each call
 * once). If the publish fails the deliveries are held (redelivered), so no fact is lost.
 */
export function publishFacts(deps: PublishFactsDeps): Stage {
  return {
    name: 'publish-facts',
    async run(batch) {
      const stored: Delivery[] = batch.filter((delivery) => delivery.state === 'stored');
      const facts: AlertFact[] = [];
      for (const delivery of stored) {
        for (const span of delivery.spans) {
          const fact = alertFactOf(span.record);
          if (fact) facts.push(fact);
        }
      }
      if (facts.length === 0) return;
      try {
        for (const body of chunks(facts, deps.maxPayloadBytes - 1024)) await deps.js.publish(deps.subject, body);
        deps.onPublished(facts.length);
      } catch (error) {
        deps.logger.warn({ err: errorText(error), facts: facts.length }, 'publishing alert facts failed; holding the batch for redelivery');
        for (const delivery of stored) delivery.state = 'held';
      }
    },
  };
}

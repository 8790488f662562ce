import { headers } from '@nats-io/transport-node';
import type { JetStreamClient, JsMsg } from '@nats-io/jetstream';
import { DLQ_REASON_HEADER } from '@lumina/core';

export interface DeadLetter {
  /**
   * Stores the message with its reason on the dead-letter subject, then acks it (the spans stream is a work queue: that removes it);
   * rejects (and leaves the message alone) when the dead-letter stream does not store it.
   */
  send(message: JsMsg, reason: string): Promise<void>;
}

const MAX_REASON_CHARS = 1000;

/** Dead-letters to a JetStream subject, keeping the original payload and where it came from. */
export function createDeadLetter(js: JetStreamClient, subject: string): DeadLetter {
  return {
    async send(message, reason) {
      const h = headers();
      h.set(DLQ_REASON_HEADER, reason.slice(0, MAX_REASON_CHARS).replace(/[\r\n]+/g, ' '));
      h.set('Lumina-Dlq-Stream-Seq', String(message.seq));
      h.set('Lumina-Dlq-Deliveries', String(message.info.deliveryCount));
      h.set('Lumina-Dlq-Subject', message.subject);
      await js.publish(subject, message.data, { headers: h, msgID: `dlq-${message.info.stream}-${message.seq}` });
      // ack, not term: it removes the message from the work queue on every server version
      // (NATS 2.9 keeps termed messages in a work-queue stream); the reason is in the DLQ copy.
      message.ack();
    },
  };
}

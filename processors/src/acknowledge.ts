import type { Logger } from 'pino';
import { errorText } from '@lumina/runtime';
import type { DeadLetter } from './dead-letter.js';
import type { ProcessorMetrics } from './metrics.js';
import type { Delivery, Stage } from './stage.js';

export interface AcknowledgeDeps {
  deadLetter: DeadLetter;
  metrics: ProcessorMetrics;
  logger: Logger;
  maxDeliveries: number;
  /** redelivery delay of a message the dead-letter queue refused (full or away) */
  deadLetterRetryMs: number;
}

/** Redelivery delay of a message that failed or was held. */
const RETRY_DELAY_MS = 2000;

/**
 * A message that could not be processed: retried later, or dead-lettered once out of
 * deliveries. If the dead-letter queue refuses it (full), the message is neither acked nor
 * dropped: it stays in the spans stream and comes back later, and the log says why.
 */
async function reject(delivery: Delivery, deps: AcknowledgeDeps): Promise<void> {
  const { message } = delivery;
  const reason = errorText(delivery.failure);
  const context = { seq: message.seq, deliveries: message.info.deliveryCount, reason };
  if (message.info.deliveryCount < deps.maxDeliveries) {
    message.nak(RETRY_DELAY_MS);
    deps.logger.warn(context, 'payload failed; will retry');
    return;
  }
  try {
    await deps.deadLetter.send(message, reason);
    deps.metrics.messagesDeadLettered.inc();
    deps.logger.warn(context, 'payload dead-lettered');
  } catch (error) {
    message.nak(deps.deadLetterRetryMs);
    deps.metrics.deadLetterRefusals.inc();
    deps.logger.error({ ...context, deadLetterError: errorText(error) }, 'the dead-letter queue refused the payload (full?); holding it in the spans stream');
  }
}

/**
 * Stage: acks what was stored (only now, after the commit), asks again later for what was
 * held, and retries or dead-letters what failed. Runs for every delivery of the batch.
 */
export function acknowledge(deps: AcknowledgeDeps): Stage {
  return {
    name: 'acknowledge',
    async run(batch) {
      for (const delivery of batch) {
        if (delivery.state === 'stored') delivery.message.ack();
        else if (delivery.state === 'held') delivery.message.nak(RETRY_DELAY_MS);
        else if (delivery.state === 'failed') await reject(delivery, deps);
      }
    },
  };
}

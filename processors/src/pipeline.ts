import type { JsMsg } from '@nats-io/jetstream';
import type { Logger } from 'pino';
import { errorText } from '@lumina/runtime';
import type { ProcessorMetrics } from './metrics.js';
import { fail, newDelivery, type Stage } from './stage.js';

/**
 * Runs a batch of stream messages through the stages in order. A stage that throws as a
 * whole fails the deliveries still pending, and the stages after it (acknowledge last) still
 * run, so every message is acked, retried or dead-lettered.
 */
export function pipeline(stages: Stage[], metrics: ProcessorMetrics, logger: Logger): (messages: JsMsg[]) => Promise<void> {
  return async (messages) => {
    const stopBatchTimer = metrics.batchSeconds.startTimer();
    const batch = messages.map(newDelivery);
    for (const stage of stages) {
      const stopStageTimer = metrics.stageSeconds.startTimer({ stage: stage.name });
      try {
        await stage.run(batch);
      } catch (error) {
        logger.error({ stage: stage.name, err: errorText(error) }, 'stage failed for the whole batch');
        for (const delivery of batch) if (delivery.state === 'pending') fail(delivery, error);
      } finally {
        stopStageTimer();
      }
    }
    logger.debug({ messages: messages.length, seconds: stopBatchTimer() }, 'batch processed');
  };
}

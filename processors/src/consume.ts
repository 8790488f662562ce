import type { Consumer, ConsumerMessages, JsMsg } from '@nats-io/jetstream';
import type { Logger } from 'pino';
import { errorText } from '@lumina/runtime';
import { BatchSlots, dispatchBatches } from './batcher.js';

export interface ConsumeOptions {
  /** a batch (one transaction) is cut at this many payload bytes */
  batchBytes: number;
  /** expiry of each JetStream pull request */
  pullExpiresMs: number;
  /** batches in flight at once */
  concurrency: number;
  /** the server's max_payload, so one message always fits the pull buffer */
  maxPayloadBytes: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Reads the shared durable consumer until stopped, cutting the stream into batches handed to at
 * most `concurrency` runs of `processBatch` at once; stop() waits for the batches in flight.
 */
export function consumeBatches(consumer: Consumer, options: ConsumeOptions, processBatch: (batch: JsMsg[]) => Promise<void>, logger: Logger) {
  let stopping = false;
  let messages: ConsumerMessages | undefined;
  const slots = new BatchSlots(options.concurrency);
  // Pull ahead twice a batch; nats.js pulls more only as we read, so this bounds memory.
  const bufferBytes = Math.max(2 * options.batchBytes, options.maxPayloadBytes + 64 * 1024);
  const runBatch = (batch: JsMsg[]) => processBatch(batch).catch((error) => logger.error({ err: errorText(error) }, 'batch failed'));

  const loop = (async () => {
    while (!stopping) {
      try {
        messages = await consumer.consume({ max_bytes: bufferBytes, expires: options.pullExpiresMs });
        await dispatchBatches(messages, options.batchBytes, slots, runBatch);
        if (!stopping) await sleep(100); // the subscription ended (e.g. consumer recreated): resubscribe
      } catch (error) {
        if (stopping) break;
        logger.warn({ err: errorText(error) }, 'consume error; resubscribing');
        await sleep(1000);
      }
    }
    await slots.drain();
  })();

  return {
    /** Stops pulling, then waits for the batches in flight to be acked or released. */
    async stop() {
      stopping = true;
      messages?.stop();
      await loop;
    },
  };
}

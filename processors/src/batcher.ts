import type { ConsumerMessages, JsMsg } from '@nats-io/jetstream';

/** A bounded set of batches in flight: `acquire` waits while all slots are taken. */
export class BatchSlots {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly size: number) {}

  /** Runs `work` once a slot is free; resolves when it has started, not when it ends. */
  async run(work: () => Promise<void>): Promise<void> {
    while (this.running >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running += 1;
    const task = work().finally(() => {
      this.running -= 1;
      this.inFlight.delete(task);
      this.waiting.shift()?.();
    });
    this.inFlight.add(task);
  }

  /** Waits for every batch in flight. */
  async drain(): Promise<void> {
    await Promise.all([...this.inFlight]);
  }
}

/** How long a started batch waits for another message before it is handed on anyway. */
const FLUSH_IDLE_MS = 20;
const IDLE = Symbol('idle');

/**
 * Cuts the message stream into batches: a batch ends when it holds `targetBytes`, or when no
 * further message arrives within FLUSH_IDLE_MS, so batches are large under load and latency
 * stays low when idle. (The iterator's getPending() also counts nats.js's queued pull requests,
 * so it cannot tell "nothing buffered".) While every slot is busy the stream is not read, and
 * nats.js pulls nothing more: backpressure.
 */
export async function dispatchBatches(
  messages: ConsumerMessages,
  targetBytes: number,
  slots: BatchSlots,
  processBatch: (batch: JsMsg[]) => Promise<void>,
): Promise<void> {
  const iterator = messages[Symbol.asyncIterator]();
  let batch: JsMsg[] = [];
  let bytes = 0;
  const flush = async () => {
    const full = batch;
    batch = [];
    bytes = 0;
    await slots.run(() => processBatch(full));
  };
  let next = iterator.next();
  for (;;) {
    const result = batch.length === 0 ? await next : await Promise.race([next, idle(FLUSH_IDLE_MS)]);
    if (result === IDLE) {
      await flush();
      continue;
    }
    if (result.done) break;
    next = iterator.next();
    batch.push(result.value);
    bytes += result.value.data.length;
    if (bytes >= targetBytes) await flush();
  }
  if (batch.length > 0) await flush();
}

function idle(ms: number): Promise<typeof IDLE> {
  return new Promise((resolve) => setTimeout(() => resolve(IDLE), ms).unref());
}

import type { ConsumerMessages, JsMsg } from '@nats-io/jetstream';
import { describe, expect, it } from 'vitest';
import { BatchSlots, dispatchBatches } from './batcher.js';
import { waitFor } from '../../test/support/wait.js';

/** A subscription that delivers `count` messages of `bytes` each, then stays open and silent. */
function openStream(count: number, bytes: number): { messages: ConsumerMessages; close: () => void } {
  let close = () => {};
  const closed = new Promise<void>((resolve) => (close = resolve));
  async function* deliver() {
    for (let i = 0; i < count; i += 1) yield { seq: i + 1, data: new Uint8Array(bytes) } as unknown as JsMsg;
    await closed;
  }
  return { messages: deliver() as unknown as ConsumerMessages, close };
}

describe('dispatchBatches', () => {
  it('hands on a partial batch when the stream goes quiet, instead of waiting for more', async () => {
    const { messages, close } = openStream(3, 100);
    const batches: number[][] = [];
    const done = dispatchBatches(messages, 1_000_000, new BatchSlots(2), async (batch) => {
      batches.push(batch.map((message) => message.seq));
    });
    await waitFor(async () => batches.length, (n) => n === 1, 2000, 'the partial batch');
    expect(batches).toEqual([[1, 2, 3]]);
    close();
    await done;
  });

  it('cuts batches at the byte target and keeps every message in order', async () => {
    const { messages, close } = openStream(10, 400);
    const batches: number[][] = [];
    const done = dispatchBatches(messages, 1000, new BatchSlots(1), async (batch) => {
      batches.push(batch.map((message) => message.seq));
    });
    await waitFor(async () => batches.flat().length, (n) => n === 10, 2000, 'all messages');
    expect(batches).toEqual([[1, 2, 3], [4, 5, 6], [7, 8, 9], [10]]);
    close();
    await done;
  });
});

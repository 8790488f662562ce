import type { JsMsg } from '@nats-io/jetstream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createProcessorMetrics } from './metrics.js';
import { pipeline } from './pipeline.js';
import { eachDelivery, type Delivery, type Stage } from './stage.js';

const messages = (count: number) => Array.from({ length: count }, (_, i) => ({ seq: i + 1, data: new Uint8Array() }) as unknown as JsMsg);
const silent = pino({ level: 'silent' });

/** The stage after all others: records what each delivery ended as. */
function recordOutcomes(into: string[]): Stage {
  return { name: 'record', run: (batch: Delivery[]) => void into.push(...batch.map((d) => `${d.message.seq}:${d.state}`)) };
}

describe('the processing pipeline', () => {
  it('runs consecutive per-delivery stages delivery by delivery, in stage order', async () => {
    const order: string[] = [];
    const stages = [
      eachDelivery('a', (d) => void order.push(`a${d.message.seq}`)),
      eachDelivery('b', (d) => void order.push(`b${d.message.seq}`)),
      { name: 'batch', run: (batch: Delivery[]) => void order.push(`batch(${batch.length})`) },
    ];
    await pipeline(stages, createProcessorMetrics(), silent)(messages(2));
    expect(order).toEqual(['a1', 'b1', 'a2', 'b2', 'batch(2)']);
  });

  it('fails only the delivery a per-delivery stage threw on; later stages skip it, the last still sees it', async () => {
    const seen: number[] = [];
    const outcomes: string[] = [];
    const stages = [
      eachDelivery('decode', (d) => {
        if (d.message.seq === 2) throw new Error('bad payload');
      }),
      eachDelivery('normalize', (d) => void seen.push(d.message.seq)),
      recordOutcomes(outcomes),
    ];
    await pipeline(stages, createProcessorMetrics(), silent)(messages(3));
    expect(seen).toEqual([1, 3]);
    expect(outcomes).toEqual(['1:pending', '2:failed', '3:pending']);
  });

  it('fails every pending delivery when a batch stage throws, and still runs the stages after it', async () => {
    const outcomes: string[] = [];
    const stages = [{ name: 'persist', run: () => Promise.reject(new Error('boom')) }, recordOutcomes(outcomes)];
    await pipeline(stages, createProcessorMetrics(), silent)(messages(2));
    expect(outcomes).toEqual(['1:failed', '2:failed']);
  });
});

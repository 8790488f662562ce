import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createSpanWriter } from '@lumina/db';
import { useTestDatabase } from '@lumina/db/testing';
import { seedCallRecord, type SeedCall } from '@lumina/db/testing/seed';
import { createProcessorMetrics } from './metrics.js';
import { persist } from './persist.js';
import { newDelivery, type Delivery } from './stage.js';

const database = useTestDatabase('lumina_persist');

/** A delivery of already-enriched records, as the stages before persist leave it (null token counts kept: the seed defaults them). */
function deliveryOf(calls: SeedCall[], redelivered = false): Delivery {
  const delivery = newDelivery({ redelivered, working() {} } as never);
  delivery.spans = calls.map((call) => {
    const record = seedCallRecord(call);
    if (call.completionTokens === null) record.completionTokens = null;
    return { llm: null, record, scope: { name: 'test', version: '1' }, unmappedKeys: null };
  });
  return delivery;
}

async function metricValues(metric: { get(): Promise<{ values: { labels: object; value: number }[] }> }) {
  return (await metric.get()).values.map(({ labels, value }) => ({ labels, value }));
}

describe('persist', () => {
  it('counts the LLM calls, cost and tokens of a stored batch per service, model and provider, and a redelivered batch not again', async () => {
    const metrics = createProcessorMetrics();
    const stage = persist({ writer: createSpanWriter(database.pool), metrics, logger: pino({ level: 'silent' }), isStopping: () => false });
    const trace = 'a'.repeat(31);
    // A redelivery carries the same start times (the idempotency key includes the partition's).
    const startMs = Date.now() - 60_000;
    const calls: SeedCall[] = [
      { startMs, traceId: `${trace}1`, spanId: '0000000000000001', service: 'chat', model: 'gpt-4o', costUsd: 0.5, promptTokens: 10, completionTokens: 1, qualityScore: 0.9 },
      { startMs, traceId: `${trace}1`, spanId: '0000000000000002', service: 'chat', model: 'gpt-4o', costUsd: 0.25, promptTokens: 20, completionTokens: null },
      { startMs, traceId: `${trace}1`, spanId: '0000000000000003', service: 'chat', model: 'gpt-4o-mini', costUsd: null, promptTokens: 0, completionTokens: 3 },
      { startMs, traceId: `${trace}2`, spanId: '0000000000000004', service: 'search', model: 'gpt-4o', provider: null, costUsd: 1, promptTokens: 5, completionTokens: 5 },
      { startMs, traceId: `${trace}2`, spanId: '0000000000000005', service: 'search', isLlm: false },
    ];
    await stage.run([deliveryOf(calls.slice(0, 3)), deliveryOf(calls.slice(3))]);
    const gpt4o = { service: 'chat', model: 'gpt-4o', provider: 'openai' };
    const mini = { service: 'chat', model: 'gpt-4o-mini', provider: 'openai' };
    const search = { service: 'search', model: 'gpt-4o', provider: '' };
    expect(await metricValues(metrics.llmCalls)).toEqual([
      { labels: gpt4o, value: 2 },
      { labels: mini, value: 1 },
      { labels: search, value: 1 },
    ]);
    expect(await metricValues(metrics.llmCostUsd)).toEqual([
      { labels: gpt4o, value: 0.75 },
      { labels: search, value: 1 },
    ]);
    expect(await metricValues(metrics.llmTokens)).toEqual([
      { labels: { ...gpt4o, kind: 'prompt' }, value: 30 },
      { labels: { ...gpt4o, kind: 'completion' }, value: 1 },
      { labels: { ...mini, kind: 'prompt' }, value: 0 },
      { labels: { ...mini, kind: 'completion' }, value: 3 },
      { labels: { ...search, kind: 'prompt' }, value: 5 },
      { labels: { ...search, kind: 'completion' }, value: 5 },
    ]);
    const scores = (await metrics.qualityScores.get()).values.filter((value) => value.metricName === 'lumina_llm_quality_score_count');
    expect(scores).toEqual([expect.objectContaining({ labels: { service: 'chat' }, value: 1 })]);

    // Redelivered: the staged, idempotent path (its COPY text from the reused buffers) finds every span stored.
    await stage.run([deliveryOf(calls, true)]);
    expect((await metricValues(metrics.llmCalls)).map(({ value }) => value)).toEqual([2, 1, 1]);
  });
});

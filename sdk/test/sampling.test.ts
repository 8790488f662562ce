import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it } from 'vitest';
import { LuminaError, type LuminaOptions } from '../src/index.js';
import { inMemoryLumina, type InMemoryLumina } from './support/in-memory-lumina.js';

/** A ChatCompletion as the OpenAI client returns it, without a network round trip. */
function completion(promptTokens: number, completionTokens: number) {
  return {
    object: 'chat.completion' as const,
    id: 'chatcmpl-local',
    model: 'gpt-4o-mini-2024-07-18',
    choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'ok' } }],
    usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens },
  };
}

let sdk: InMemoryLumina | undefined;
afterEach(async () => {
  await sdk?.lumina.shutdown();
  sdk = undefined;
});

function start(options: Partial<LuminaOptions>): InMemoryLumina {
  sdk = inMemoryLumina({ ...options, batch: { maxQueueSize: 20_000, maxExportBatchSize: 1_000, scheduledDelayMillis: 10 } });
  return sdk;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('head sampling by trace id', () => {
  it('keeps a share of 1,000 calls within the 99% binomial interval of a 0.1 rate', async () => {
    const { lumina, exportedSpans } = start({ samplingRate: 0.1 });
    for (let i = 0; i < 1_000; i++) await lumina.traceLLM(async () => completion(10, 5), { name: 'rated call', system: 'openai', prompt: `q${i}` });
    const kept = (await exportedSpans()).length;
    // n = 1000, p = 0.1: mean 100, sd 9.49; 99% two-sided: 100 ± 2.576 sd = [76, 124]
    expect(kept).toBeGreaterThanOrEqual(76);
    expect(kept).toBeLessThanOrEqual(124);
  });

  it('keeps or drops a trace whole: a workflow and all of its calls together', async () => {
    const { lumina, exportedSpans } = start({ samplingRate: 0.5 });
    for (let i = 0; i < 200; i++) {
      await lumina.trace(
        async () => {
          for (let c = 0; c < 3; c++) await lumina.traceLLM(async () => completion(10, 5), { name: 'call in trace', system: 'openai', prompt: 'q' });
        },
        { name: 'sampled workflow' },
      );
    }
    const byTrace = new Map<string, ReadableSpan[]>();
    for (const span of await exportedSpans()) {
      const id = span.spanContext().traceId;
      byTrace.set(id, [...(byTrace.get(id) ?? []), span]);
    }
    expect(byTrace.size).toBeGreaterThan(0);
    expect(byTrace.size).toBeLessThan(200);
    for (const spans of byTrace.values()) expect(spans).toHaveLength(4);
  });
});

describe('always-sample conditions', () => {
  it('keep every matching call at rate 0, and only those', async () => {
    const { lumina, exportedSpans } = start({
      samplingRate: 0,
      prices: { 'gpt-4o-mini': { costPerPromptToken: 0.15e-6, costPerCompletionToken: 0.6e-6 } },
      alwaysSampleConditions: [
        { error: true },
        { costUsd: { $gt: 0.01 } },
        { userId: { $in: ['vip-1', 'vip-2'] } },
        { plan: 'enterprise', seats: { $gt: 100 } },
      ],
    });
    const expected = new Set<string>();
    for (let i = 0; i < 1_000; i++) {
      const id = `call-${i}`;
      const metadata: Record<string, unknown> = { id, userId: i % 97 === 0 ? 'vip-2' : `user-${i}`, plan: i % 50 === 0 ? 'enterprise' : 'free', seats: i % 100 === 0 ? 500 : 5 };
      const fails = i % 125 === 0;
      const expensive = i % 111 === 0; // 100k prompt tokens: 0.015 USD
      if (fails || expensive || i % 97 === 0 || i % 100 === 0) expected.add(id);
      await lumina
        .traceLLM(
          async () => {
            if (fails) throw new Error('rate limited');
            return completion(expensive ? 100_000 : 100, 10);
          },
          { name: 'conditioned call', system: 'openai', model: 'gpt-4o-mini', prompt: 'q', metadata },
        )
        .catch(() => undefined);
    }
    const kept = new Set((await exportedSpans()).map((span) => span.attributes['lumina.metadata.id'] as string));
    expect(expected.size).toBeGreaterThan(25);
    expect(kept).toEqual(expected);
  });

  it('keep a call slower than latencyMs', async () => {
    const { lumina, exportedSpans } = start({ samplingRate: 0, alwaysSampleConditions: { latencyMs: { $gt: 100 } } });
    await lumina.traceLLM(async () => sleep(150).then(() => completion(10, 5)), { name: 'slow call', system: 'openai', prompt: 'q' });
    expect((await exportedSpans()).map((span) => span.name)).toContain('slow call');
  });

  it('keep the whole trace of a matching call, spans that ended before it included', async () => {
    const { lumina, exportedSpans } = start({ samplingRate: 0, alwaysSampleConditions: { error: true } });
    await lumina.trace(
      async () => {
        await lumina.traceLLM(async () => completion(10, 5), { name: 'fine sibling', system: 'openai', prompt: 'q' });
        await lumina.traceLLM(async () => Promise.reject(new Error('boom')), { name: 'failing sibling', system: 'openai', prompt: 'q' }).catch(() => undefined);
        await lumina.traceLLM(async () => completion(10, 5), { name: 'later sibling', system: 'openai', prompt: 'q' });
      },
      { name: 'rescued workflow' },
    );
    await lumina.trace(() => lumina.traceLLM(async () => completion(10, 5), { name: 'dropped call', system: 'openai', prompt: 'q' }), { name: 'dropped workflow' });
    const names = (await exportedSpans()).map((span) => span.name).sort();
    expect(names).toEqual(['failing sibling', 'fine sibling', 'later sibling', 'rescued workflow']);
  });

  it('are checked when the client starts', () => {
    expect(() => start({ alwaysSampleConditions: { latencyMs: { $between: [1, 2] } as never } })).toThrow(LuminaError);
    expect(() => start({ samplingRate: 1.5 })).toThrow(/samplingRate/);
  });
});

import { describe, expect, it } from 'vitest';
import { type CallFigures, compareCalls, delta, deltaPct } from './compare-calls.js';
import { responseHash } from './response-hash.js';

const original: CallFigures = {
  response: 'Your refund of 40 dollars was approved and will arrive within five business days.',
  costUsd: 0.002,
  latencyMs: 800,
  promptTokens: 120,
  completionTokens: 40,
  cachedPromptTokens: 100,
};

describe('comparing a call with its replay', () => {
  it('gives cost, latency and token deltas, replay minus original, absolute and in percent', () => {
    const result = compareCalls(original, {
      ...original,
      costUsd: 0.0005,
      latencyMs: 1000,
      promptTokens: 120,
      completionTokens: 50,
      cachedPromptTokens: 0,
    });
    expect(result.cost.absolute).toBeCloseTo(-0.0015, 12);
    expect(result.cost.pct).toBeCloseTo(-75, 9);
    expect(result.latency).toEqual({ absolute: 200, pct: 25 });
    expect(result.promptTokens).toEqual({ absolute: 0, pct: 0 });
    expect(result.completionTokens).toEqual({ absolute: 10, pct: 25 });
    expect(result.cachedPromptTokens).toEqual({ absolute: -100, pct: -100 });
  });

  it('scores an identical answer 1 everywhere and needs no judge', () => {
    const result = compareCalls(original, { ...original, response: `  ${original.response}\n` });
    expect(result.hashSimilarity).toBe(1);
    expect(result.semanticScore).toBe(1);
    expect(result.needsJudge).toBe(false);
    expect(result.replayResponseHash).toBe(result.originalResponseHash);
    expect(result.originalResponseHash).toBe(responseHash(original.response));
    expect(result.diffSummary).toMatchObject({ wordsAdded: 0, wordsRemoved: 0, exact: true });
  });

  it('flags a changed amount for the judge and summarizes the diff', () => {
    const result = compareCalls(original, { ...original, response: original.response?.replace('40', '400') ?? null });
    expect(result.hashSimilarity).toBeLessThan(1);
    expect(result.needsJudge).toBe(true);
    expect(result.diffSummary).toMatchObject({ wordsAdded: 1, wordsRemoved: 1 });
  });

  it('leaves a delta unknown when a side is unknown, and scores a failed replay 0', () => {
    const result = compareCalls(original, {
      response: null,
      costUsd: null,
      latencyMs: null,
      promptTokens: null,
      completionTokens: null,
    });
    expect(result.cost).toEqual({ absolute: null, pct: null });
    expect(result.cachedPromptTokens).toEqual({ absolute: null, pct: null });
    expect(result.semanticScore).toBe(0);
    expect(result.hashSimilarity).toBe(0);
  });

  it('honours a custom judge band', () => {
    const replay = { ...original, response: `${original.response} Thank you!` };
    expect(compareCalls(original, replay).needsJudge).toBe(false);
    expect(compareCalls(original, replay, { judgeBand: { low: 0.5, high: 1 } }).needsJudge).toBe(true);
  });
});

describe('deltas', () => {
  it('has no finite percentage from zero, except zero to zero', () => {
    expect(deltaPct(0, 0)).toBe(0);
    expect(deltaPct(0, 5)).toBeNull();
    expect(deltaPct(10, 5)).toBe(-50);
    expect(delta(0, 5)).toEqual({ absolute: 5, pct: null });
    expect(delta(undefined, 5)).toEqual({ absolute: null, pct: null });
  });
});

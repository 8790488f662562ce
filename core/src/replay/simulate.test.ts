import { describe, expect, it } from 'vitest';
import { createPricer } from '../pricing/pricer.js';
import { type SimulationSource, simulateResponse } from './simulate.js';

const source: SimulationSource = {
  provider: 'openai',
  model: 'gpt-4o',
  response:
    'To fix the problem, simply restart the router. It is very easy: choose Settings, then start the reset. ' +
    'However, check the cables first; a big share of issues are really just loose cables.',
  systemPrompt: 'You are a support agent.',
  promptTokens: 400,
  completionTokens: 45,
  cachedPromptTokens: 300,
  latencyMs: 1200,
  finishReason: 'stop',
};
const NOON = new Date('2026-11-02T12:00:00Z');

describe('simulated replies', () => {
  it('are labelled simulated and are the same for the same seed', () => {
    const a = simulateResponse(source, { model: 'gpt-4o-mini' }, 'replay-1:span-1');
    const b = simulateResponse(source, { model: 'gpt-4o-mini' }, 'replay-1:span-1');
    expect(a.simulated).toBe(true);
    expect(b).toEqual(a);
    expect(a.model).toBe('gpt-4o-mini');
  });

  it('reword the original when the run changes the model, differently per seed', () => {
    const a = simulateResponse(source, { model: 'claude-sonnet-4-5', provider: 'Anthropic' }, 1);
    const b = simulateResponse(source, { model: 'claude-sonnet-4-5', provider: 'Anthropic' }, 2);
    expect(a.text).not.toBe(source.response);
    expect(a.text).not.toBe(b.text);
    expect(a.provider).toBe('anthropic');
    expect(a.usage.cachedPromptTokens).toBe(0);
  });

  it('repeat the original word for word when the run changes nothing', () => {
    const reply = simulateResponse(source, {}, 7);
    expect(reply.text).toBe(source.response);
    expect(reply.usage).toEqual({ promptTokens: 400, completionTokens: 45, cachedPromptTokens: 300, cacheWritePromptTokens: null });
    expect(reply.finishReason).toBe('stop');
  });

  it('are cut, with finish reason length, under a lower max_tokens', () => {
    const reply = simulateResponse(source, { maxTokens: 10 }, 7);
    expect(reply.usage.completionTokens).toBe(10);
    expect(reply.finishReason).toBe('length');
    expect(reply.text.length).toBeLessThan((source.response ?? '').length / 3);
  });

  it('are priced with the pricer, and slower on a pricier model, faster on a cheaper one', () => {
    const pricer = createPricer();
    const same = simulateResponse(source, {}, 3, { pricer, at: NOON });
    const cheaper = simulateResponse(source, { model: 'gpt-4o-mini' }, 3, { pricer, at: NOON });
    const pricier = simulateResponse(source, { model: 'o1' }, 3, { pricer, at: NOON });
    expect(same.costUsd).toBeCloseTo(pricer.spanCostUsd({ ...source, at: NOON }) ?? NaN, 12);
    expect(cheaper.costUsd).toBeLessThan(same.costUsd ?? 0);
    expect(cheaper.latencyMs).toBeLessThan(source.latencyMs * 0.7);
    expect(pricier.latencyMs).toBeGreaterThan(source.latencyMs * 1.5);
    expect(simulateResponse(source, {}, 3).costUsd).toBeNull();
  });

  it('count the prompt tokens a longer system prompt or a template adds', () => {
    const reply = simulateResponse(source, { systemPrompt: `${source.systemPrompt} ${'Be precise. '.repeat(20)}`, promptTemplate: 'Q: {{input}}' }, 1);
    expect(reply.usage.promptTokens).toBe(400 + Math.round((241 + 3) / 4));
  });
});

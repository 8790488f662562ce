import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { passesIntrinsicSignals, promptHash, ResponseBaselines, responseEndpointKey, scoreCall } from './index.js';

const call = (overrides: Partial<Parameters<typeof scoreCall>[0]> = {}) => ({
  status: 'ok' as const,
  finishReason: 'stop',
  response: 'The capital of France is Paris.',
  attributes: {},
  ...overrides,
});

describe('scoreCall', () => {
  it('scores a clean answer 1 with the signals it checked', () => {
    const result = scoreCall(call());
    expect(result.score).toBe(1);
    expect(result.signals).toEqual({ finish_reason: { score: 1, detail: 'stop' } });
    expect(passesIntrinsicSignals(result.signals)).toBe(true);
  });

  it('scores a truncated, refusing or malformed-JSON call low and names why', () => {
    expect(scoreCall(call({ finishReason: 'length' })).score).toBe(0.3);
    const refusal = scoreCall(call({ response: "I'm sorry, but I can't help with that." }));
    expect(refusal.score).toBe(0.2);
    expect(refusal.signals.refusal).toEqual({ score: 0.2, detail: 'refusal' });
    const malformed = scoreCall(call({ response: '{"city": ', attributes: { 'gen_ai.output.type': 'json' } }));
    expect(malformed.score).toBe(0.1);
    expect(passesIntrinsicSignals(malformed.signals)).toBe(false);
  });

  it('uses the endpoint baseline for length and earlier answers', () => {
    const baselines = new ResponseBaselines({ refreshEvery: 4 });
    const endpoint = responseEndpointKey('default', 'chat', 'chat gpt-4o', 'gpt-4o');
    const prompt = promptHash(null, 'Summarise the report');
    for (let i = 0; i < 40; i++) baselines.record(endpoint, prompt, `A long, careful summary of the quarterly report, part ${i}. `.repeat(8));
    expect(baselines.earlierResponses(endpoint, prompt)).toHaveLength(2);
    const result = scoreCall(call({ response: 'Nothing relevant here.' }), {
      length: baselines.lengthBaseline(endpoint),
      earlierTerms: baselines.earlierTerms(endpoint, prompt),
    });
    expect(result.signals.response_length!.score).toBeLessThan(1);
    expect(result.signals.baseline_similarity!.score).toBeLessThan(1);
    expect(result.score).toBeLessThan(0.5);
  });
});

describe('ResponseBaselines', () => {
  it('stays within its bounds, dropping the least recently used', () => {
    const baselines = new ResponseBaselines({ maxEndpoints: 2, maxPrompts: 3, responsesPerPrompt: 2, maxStoredChars: 5 });
    for (const endpoint of ['a', 'b', 'c']) for (const prompt of ['p', 'q']) baselines.record(endpoint, prompt, 'abcdefgh');
    expect(baselines.sizes()).toEqual({ endpoints: 2, prompts: 3 });
    expect(baselines.lengthBaseline('a')).toBeNull();
    baselines.record('c', 'q', 'second');
    baselines.record('c', 'q', 'third');
    expect(baselines.earlierResponses('c', 'q')).toEqual(['secon', 'third']);
  });

  it('hashes equal prompts alike and different system prompts apart', () => {
    expect(promptHash('sys', 'hi')).toBe(promptHash('sys', 'hi'));
    expect(promptHash('sys', 'hi')).not.toBe(promptHash('other', 'hi'));
  });

  it('hashes as it always did (stored hashes stay comparable): SHA-256 of system prompt, NUL, prompt, base64url, 22 characters', () => {
    const streamed = (system: string | null, prompt: string | null) =>
      createHash('sha256').update(system ?? '').update('\u0000').update(prompt ?? '').digest('base64url').slice(0, 22);
    const cases: [string | null, string | null][] = [[null, 'hi'], ['sys', null], [null, null], ['naïve ✓ 😀', '日本語'], ['ends high \ud800', '\udc00starts low'], ['', 'x'.repeat(5000)]];
    for (const [system, prompt] of cases) expect(promptHash(system, prompt)).toBe(streamed(system, prompt));
    expect(promptHash(null, 'Summarise the report')).toBe('e6Ja2HUlkAbVGMJx5OHuzy');
  });
});

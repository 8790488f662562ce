import { calcPrice } from '@pydantic/genai-prices';
import { describe, expect, it } from 'vitest';
import { catalogSchedule } from './catalog.js';
import { DEFAULT_PRICE_OVERRIDES } from './overrides.js';
import { createPricer } from './pricer.js';
import { catalogProviderId } from './provider-aliases.js';

const NOON = new Date('2026-11-02T12:00:00Z');

describe('the bundled catalog (@pydantic/genai-prices)', () => {
  it.each<[string, string, { input: number; output: number; cacheRead: number; cacheWrite?: number }]>([
    ['openai', 'gpt-4o', { input: 2.5, output: 10, cacheRead: 1.25 }],
    ['openai', 'gpt-4o-mini', { input: 0.15, output: 0.6, cacheRead: 0.075 }],
    ['anthropic', 'claude-3-5-sonnet-20241022', { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 }],
    ['google', 'gemini-2.0-flash', { input: 0.1, output: 0.4, cacheRead: 0.025 }],
  ])('carries the published prices of %s %s', (provider, model, published) => {
    const rates = catalogSchedule(provider, model)?.entries[0]?.rates;
    expect(rates).toMatchObject({
      inputPerMtok: published.input,
      outputPerMtok: published.output,
      cacheReadPerMtok: published.cacheRead,
      ...(published.cacheWrite === undefined ? {} : { cacheWritePerMtok: published.cacheWrite }),
    });
  });

  it.each([
    ['openai', 'gpt-4o', 12_000, 3000, 800, 0],
    ['anthropic', 'claude-sonnet-4-5', 250_000, 40_000, 2000, 10_000],
    ['google', 'gemini-1.5-pro', 150_000, 0, 900, 0],
    ['aws', 'us.anthropic.claude-sonnet-4-20250514-v1:0', 5000, 1000, 300, 500],
    ['deepseek', 'deepseek-chat', 8000, 2000, 500, 0],
    ['perplexity', 'sonar-pro', 700, 0, 300, 0],
  ])('agrees with the package’s own calcPrice for %s %s', (provider, model, input, cacheRead, output, cacheWrite) => {
    const expected = calcPrice(
      { input_tokens: input, cache_read_tokens: cacheRead, cache_write_tokens: cacheWrite, output_tokens: output },
      model,
      { providerId: provider, timestamp: NOON },
    );
    const ours = createPricer({ overrides: [] }).spanCostUsd({
      provider,
      model,
      promptTokens: input,
      completionTokens: output,
      cachedPromptTokens: cacheRead,
      cacheWritePromptTokens: cacheWrite,
      at: NOON,
    });
    expect(expected).not.toBeNull();
    expect(ours).toBeCloseTo(expected?.total_price ?? Number.NaN, 9);
  });

  it.each([
    ['aws', 'cohere.command-r-plus-v1:0'],
    ['aws', 'cohere.command-r-v1:0'],
    ['mistral', 'open-mixtral-8x22b'],
  ])('still lacks %s %s, which pricing-overrides.json adds (drop the row once it does not)', (provider, model) => {
    expect(catalogSchedule(provider, model)).toBeNull();
    const rows = DEFAULT_PRICE_OVERRIDES.filter(
      (row) => row.provider !== undefined && catalogProviderId(row.provider) === provider,
    );
    expect(rows.some((row) => (row.match === 'prefix' ? model.startsWith(row.model) : model === row.model))).toBe(true);
  });
});

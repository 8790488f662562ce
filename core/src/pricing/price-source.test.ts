import { describe, expect, it } from 'vitest';
import { createPricer, overridesVersion } from './pricer.js';

const call = { promptTokens: 1_000_000, completionTokens: 1_000_000 };

describe('the source and version of a price', () => {
  it('a catalog price names the catalog and its version', () => {
    const pricer = createPricer({ overrides: [], catalogVersion: '@pydantic/genai-prices@9.9.9' });
    expect(pricer.spanPrice({ provider: 'openai', model: 'gpt-4o-mini', ...call })).toEqual({
      costUsd: 0.75,
      source: 'catalog',
      version: '@pydantic/genai-prices@9.9.9',
    });
  });

  it('an override names the hash of the override rows, which changes with any price', () => {
    const rows = [{ model: 'gpt-4o-mini', input_per_mtok: 1, output_per_mtok: 4 }];
    const priced = createPricer({ overrides: rows }).spanPrice({ provider: 'openai', model: 'gpt-4o-mini', ...call });
    expect(priced).toEqual({ costUsd: 5, source: 'override', version: overridesVersion(rows) });
    expect(overridesVersion(rows)).toMatch(/^overrides:sha256:[0-9a-f]{16}$/);
    expect(overridesVersion([{ ...rows[0], output_per_mtok: 5 }])).not.toBe(overridesVersion(rows));
  });

  it('custom per-token prices on the span are their own source', () => {
    const priced = createPricer().spanPrice({ provider: null, model: 'in-house', ...call, customPromptTokenPriceUsd: 1e-6, customCompletionTokenPriceUsd: 2e-6 });
    expect(priced).toEqual({ costUsd: 3, source: 'custom_attribute', version: 'span attributes' });
  });

  it('an unknown model has no price', () => {
    expect(createPricer().spanPrice({ provider: 'acme', model: 'acme-large', ...call })).toBeNull();
  });
});

describe('the provider of a model named without one', () => {
  it('is the provider of the price table’s match, as gen_ai.provider.name spells it', () => {
    const pricer = createPricer();
    expect(pricer.providerOfModel('gpt-4o-mini')).toBe('openai');
    expect(pricer.providerOfModel('claude-3-5-haiku-20241022')).toBe('anthropic');
    expect(pricer.providerOfModel('gemini-1.5-flash')).toBe('gcp.gen_ai');
    expect(pricer.providerOfModel('no-such-model-xyz')).toBeNull();
  });
});

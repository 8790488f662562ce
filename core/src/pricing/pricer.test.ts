import { afterEach, describe, expect, it, vi } from 'vitest';
import { PricingError } from './errors.js';
import { createPricer, type SpanCostInput } from './pricer.js';

const NOON = new Date('2026-11-02T12:00:00Z');

/** A span of `provider`/`model` with 1,000 prompt and 200 completion tokens, nothing cached. */
function call(provider: string | null, model: string | null, extra: Partial<SpanCostInput> = {}): SpanCostInput {
  return { provider, model, promptTokens: 1000, completionTokens: 200, at: NOON, ...extra };
}

/** USD for 1,000 prompt and 200 completion tokens at per-million prices. */
function usd1000x200(inputPerMtok: number, outputPerMtok: number): number {
  return (1000 * inputPerMtok + 200 * outputPerMtok) / 1e6;
}

describe('spanCostUsd', () => {
  const pricer = createPricer();

  it('prices gpt-4o at $2.50/M input and $10/M output, without float noise', () => {
    // 1000 × 2.5e-6 + 200 × 10e-6 is 0.0045000000000000005 in floating point
    expect(pricer.spanCostUsd(call('openai', 'gpt-4o'))).toBe(0.0045);
  });

  it.each([
    ['anthropic', 'claude-3-5-sonnet-20241022', 3, 15],
    ['anthropic', 'claude-3-haiku-20240307', 0.25, 1.25],
    ['gcp.gemini', 'gemini-2.0-flash', 0.1, 0.4],
    ['azure.ai.openai', 'gpt-4o', 2.5, 10],
    ['aws.bedrock', 'anthropic.claude-3-5-sonnet-20240620-v1:0', 3, 15],
    ['mistral_ai', 'mistral-large-latest', 2, 6],
    ['groq', 'llama-3.3-70b-versatile', 0.59, 0.79],
    ['x_ai', 'grok-3', 3, 15],
    ['cohere', 'command-r-plus', 2.5, 10],
  ])('prices %s %s from its published per-million prices', (provider, model, input, output) => {
    expect(pricer.spanCostUsd(call(provider, model))).toBeCloseTo(usd1000x200(input, output), 12);
  });

  it('prices a dated snapshot like its model', () => {
    for (const [provider, model, input, output] of [
      ['openai', 'gpt-4o-2024-08-06', 2.5, 10],
      ['openai', 'gpt-4o-mini-2024-07-18', 0.15, 0.6],
      ['anthropic', 'claude-sonnet-4-5', 3, 15],
      ['anthropic', 'claude-sonnet-4-5-20250929', 3, 15],
      ['google', 'gemini-2.0-flash-001', 0.1, 0.4],
    ] as const) {
      expect(pricer.spanCostUsd(call(provider, model)), model).toBeCloseTo(usd1000x200(input, output), 12);
    }
  });

  it('keeps a snapshot that was priced differently at its own price', () => {
    // gpt-4o-2024-05-13 launched at $5/$15, twice the later gpt-4o
    expect(pricer.spanCostUsd(call('openai', 'gpt-4o-2024-05-13'))).toBeCloseTo(usd1000x200(5, 15), 12);
  });

  it('tolerates provider prefixes, Bedrock ids and any case in the model name', () => {
    const gpt4o = usd1000x200(2.5, 10);
    expect(pricer.spanCostUsd(call(null, 'openai/gpt-4o'))).toBeCloseTo(gpt4o, 12);
    expect(pricer.spanCostUsd(call('OpenAI', 'GPT-4o'))).toBeCloseTo(gpt4o, 12);
    expect(pricer.spanCostUsd(call('litellm', 'gpt-4o'))).toBeCloseTo(gpt4o, 12);
    expect(pricer.spanCostUsd(call('google', 'models/gemini-2.0-flash'))).toBeCloseTo(usd1000x200(0.1, 0.4), 12);
    const bedrockId = 'anthropic.claude-3-5-sonnet-20240620-v1:0';
    expect(pricer.spanCostUsd(call(null, bedrockId))).toBeCloseTo(usd1000x200(3, 15), 12);
    expect(pricer.spanCostUsd(call('aws.bedrock', 'us.anthropic.claude-3-5-sonnet-20241022-v2:0'))).toBeCloseTo(
      usd1000x200(3, 15),
      12,
    );
  });

  it('prices cached prompt tokens at the cache-read rate, as part of the prompt', () => {
    // 600 uncached × $2.50/M + 400 cached × $1.25/M + 200 × $10/M
    const cost = pricer.spanCostUsd(call('openai', 'gpt-4o', { cachedPromptTokens: 400 }));
    expect(cost).toBeCloseTo((600 * 2.5 + 400 * 1.25 + 200 * 10) / 1e6, 12);
  });

  it('prices cached tokens at the input rate when the model has no cache-read price', () => {
    const cost = pricer.spanCostUsd(call('openai', 'gpt-4o-2024-05-13', { cachedPromptTokens: 400 }));
    expect(cost).toBeCloseTo(usd1000x200(5, 15), 12);
  });

  it('prices cache writes at the cache-write rate', () => {
    // Anthropic: $3/M input, $0.30/M cache read, $3.75/M cache write, $15/M output
    const cost = pricer.spanCostUsd(
      call('anthropic', 'claude-3-5-sonnet-20241022', { cachedPromptTokens: 300, cacheWritePromptTokens: 500 }),
    );
    expect(cost).toBeCloseTo((200 * 3 + 300 * 0.3 + 500 * 3.75 + 200 * 15) / 1e6, 12);
  });

  it('never charges more cached tokens than prompt tokens', () => {
    const cost = pricer.spanCostUsd(call('openai', 'gpt-4o', { cachedPromptTokens: 5000 }));
    expect(cost).toBeCloseTo((1000 * 1.25 + 200 * 10) / 1e6, 12);
  });

  it('switches to the long-context tier above the threshold', () => {
    // gemini-1.5-pro: $1.25/$5 up to 128k input tokens, $2.50/$10 above
    const longContext = { promptTokens: 200_000, completionTokens: 1000 };
    const long = pricer.spanCostUsd(call('google', 'gemini-1.5-pro', longContext));
    expect(long).toBeCloseTo((200_000 * 2.5 + 1000 * 10) / 1e6, 12);
  });

  it('lets custom per-span prices override the table, cached tokens at the custom prompt price', () => {
    const cost = pricer.spanCostUsd(
      call('openai', 'gpt-4o', {
        cachedPromptTokens: 400,
        customPromptTokenPriceUsd: 1e-6,
        customCompletionTokenPriceUsd: 2e-6,
      }),
    );
    expect(cost).toBeCloseTo(1000 * 1e-6 + 200 * 2e-6, 12);
  });

  it('prices an unknown model from custom prices alone', () => {
    const custom = { customPromptTokenPriceUsd: 1e-6, customCompletionTokenPriceUsd: 3e-6 };
    expect(pricer.spanCostUsd(call('acme', 'acme-llm-7b', custom))).toBeCloseTo(1000e-6 + 600e-6, 12);
  });

  it('takes the table price for the side without a custom price', () => {
    const cost = pricer.spanCostUsd(call('openai', 'gpt-4o', { customPromptTokenPriceUsd: 1e-6 }));
    expect(cost).toBeCloseTo(1000 * 1e-6 + (200 * 10) / 1e6, 12);
    expect(pricer.spanCostUsd(call('acme', 'acme-llm-7b', { customPromptTokenPriceUsd: 1e-6 }))).toBeNull();
  });

  it('answers null, not 0, for a model it does not know', () => {
    expect(pricer.spanCostUsd(call('openai', 'gpt-unknown-9'))).toBeNull();
    expect(pricer.spanCostUsd(call('acme', 'acme-llm-7b'))).toBeNull();
    expect(pricer.spanCostUsd(call('azure', 'my-prod-deployment'))).toBeNull();
    expect(pricer.spanCostUsd(call('openai', null))).toBeNull();
  });

  it('answers null when there are no tokens to price', () => {
    expect(pricer.spanCostUsd(call('openai', 'gpt-4o', { promptTokens: null, completionTokens: null }))).toBeNull();
    expect(pricer.spanCostUsd(call('openai', 'gpt-4o', { promptTokens: 0, completionTokens: 0 }))).toBeNull();
    expect(pricer.spanCostUsd(call('openai', 'gpt-4o', { promptTokens: Number.NaN, completionTokens: -5 }))).toBeNull();
  });

  it('prices a call with only completion tokens', () => {
    expect(pricer.spanCostUsd(call('openai', 'gpt-4o', { promptTokens: null }))).toBeCloseTo((200 * 10) / 1e6, 12);
  });

  it('uses the price in force at the time of the call', () => {
    // mistral-medium-latest went from $0.40/$2 to $1.50/$7.50 on 2026-06-16
    const at = (iso: string) => call('mistral', 'mistral-medium-latest', { at: new Date(iso) });
    const before = pricer.spanCostUsd(at('2026-06-15T23:59:59Z'));
    const after = pricer.spanCostUsd(at('2026-06-16T00:00:00Z'));
    expect(before).toBeCloseTo(usd1000x200(0.4, 2), 12);
    expect(after).toBeCloseTo(usd1000x200(1.5, 7.5), 12);
  });

  it('applies time-of-day prices in UTC', () => {
    // deepseek-chat in the catalog: $0.27/$1.10 from 00:30 to 16:30 UTC, half that otherwise
    const peak = pricer.spanCostUsd(call('deepseek', 'deepseek-chat', { at: new Date('2026-11-02T12:00:00Z') }));
    const offPeak = pricer.spanCostUsd(call('deepseek', 'deepseek-chat', { at: new Date('2026-11-02T20:00:00Z') }));
    expect(peak).toBeCloseTo(usd1000x200(0.27, 1.1), 12);
    expect(offPeak).toBeCloseTo(usd1000x200(0.135, 0.55), 12);
  });

  it('answers null for a time-dependent price without the time of the call, never guessing from a clock', () => {
    expect(pricer.spanCostUsd(call('mistral', 'mistral-medium-latest', { at: undefined }))).toBeNull();
    expect(pricer.spanCostUsd(call('openai', 'gpt-4o', { at: undefined }))).toBeCloseTo(usd1000x200(2.5, 10), 12);
  });
});

describe('overrides', () => {
  it('win over the catalog', () => {
    const cheaper = { provider: 'openai', model: 'gpt-4o', input_per_mtok: 1, output_per_mtok: 2 };
    const pricer = createPricer({ overrides: [cheaper] });
    expect(pricer.spanCostUsd(call('openai', 'gpt-4o'))).toBeCloseTo(usd1000x200(1, 2), 12);
    expect(pricer.spanCostUsd(call('openai', 'gpt-4o-mini'))).toBeCloseTo(usd1000x200(0.15, 0.6), 12);
  });

  it('match a provider by any of its aliases, and a prefix for snapshots', () => {
    const pricer = createPricer({
      overrides: [
        {
          provider: 'aws.bedrock',
          model: 'acme.llm',
          match: 'prefix',
          input_per_mtok: 1,
          output_per_mtok: 2,
          cache_read_per_mtok: 0.5,
        },
      ],
    });
    const cost = pricer.spanCostUsd(call('amazon-bedrock', 'us.acme.llm-v1:0', { cachedPromptTokens: 1000 }));
    expect(cost).toBeCloseTo((1000 * 0.5 + 200 * 2) / 1e6, 12);
    expect(pricer.spanCostUsd(call('openai', 'acme.llm-v1:0'))).toBeNull();
  });

  it('price the bundled entries the catalog lacks', () => {
    const pricer = createPricer();
    expect(pricer.spanCostUsd(call('aws.bedrock', 'cohere.command-r-plus-v1:0'))).toBeCloseTo(usd1000x200(3, 15), 12);
    expect(pricer.spanCostUsd(call('aws.bedrock', 'cohere.command-r-v1:0'))).toBeCloseTo(usd1000x200(0.5, 1.5), 12);
    expect(pricer.spanCostUsd(call('mistral_ai', 'open-mixtral-8x22b-2404'))).toBeCloseTo(usd1000x200(2, 6), 12);
  });

  it('reject a malformed row with a stable code', () => {
    const bad = [{ model: 'x', input_per_mtok: -1, output_per_mtok: 2 }];
    expect(() => createPricer({ overrides: bad })).toThrow(PricingError);
    try {
      createPricer({ overrides: bad });
    } catch (error) {
      expect((error as PricingError).code).toBe('invalid_price_override');
    }
  });
});

describe('lookup cache', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('resolves a provider and model once, then answers from the cache', () => {
    const pricer = createPricer();
    const first = pricer.spanCostUsd(call('openai', 'gpt-4o'));
    expect(pricer.cacheStats()).toEqual({ hits: 0, misses: 1, size: 1 });
    expect(pricer.spanCostUsd(call('openai', 'gpt-4o'))).toBe(first);
    expect(pricer.cacheStats()).toEqual({ hits: 1, misses: 1, size: 1 });
  });

  it('remembers unknown models too', () => {
    const pricer = createPricer();
    pricer.spanCostUsd(call('acme', 'acme-llm-7b'));
    pricer.spanCostUsd(call('acme', 'acme-llm-7b'));
    expect(pricer.cacheStats()).toEqual({ hits: 1, misses: 1, size: 1 });
  });

  it('stays within its size bound', () => {
    const pricer = createPricer({ cacheSize: 2 });
    for (const model of ['gpt-4o', 'gpt-4o-mini', 'gpt-4.1', 'o3']) pricer.spanCostUsd(call('openai', model));
    expect(pricer.cacheStats().size).toBe(2);
  });

  it('never touches the network', () => {
    const fetch = vi.fn();
    vi.stubGlobal('fetch', fetch);
    const pricer = createPricer();
    for (const model of ['gpt-4o', 'gpt-5', 'no-such-model']) pricer.spanCostUsd(call('openai', model));
    expect(fetch).not.toHaveBeenCalled();
  });
});

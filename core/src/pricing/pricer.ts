/**
 * The cost of one LLM call in USD, from the span's provider, model and token counts.
 * Prices come from our override table first, then the bundled `@pydantic/genai-prices`
 * catalog; each provider+model is resolved once and kept in a bounded in-memory map.
 */
import { catalogSchedule, isCatalogProvider } from './catalog.js';
import { modelNameCandidates } from './model-name.js';
import {
  compileOverrides,
  DEFAULT_PRICE_OVERRIDES,
  matchOverride,
  type CompiledOverride,
  type PriceOverride,
} from './overrides.js';
import {
  perToken,
  promptCostUsd,
  promptPrices,
  ratesAt,
  type PriceSchedule,
  type PromptPrices,
  type TokenCounts,
  type TokenRates,
} from './price-schedule.js';
import { catalogProviderId } from './provider-aliases.js';

/** What `spanCostUsd` reads; the matching fields of `LlmFields` fit as they are. */
export interface SpanCostInput {
  provider: string | null;
  model: string | null;
  /** all input tokens, cache reads and writes included (OTel semconv) */
  promptTokens: number | null;
  completionTokens: number | null;
  /** the part of `promptTokens` read from the prompt cache */
  cachedPromptTokens?: number | null;
  /** the part of `promptTokens` written to the prompt cache (`gen_ai.usage.cache_creation.input_tokens`) */
  cacheWritePromptTokens?: number | null;
  /** USD per prompt token (`cost_per_prompt_token`); overrides the table, cached tokens included */
  customPromptTokenPriceUsd?: number | null;
  /** USD per completion token (`cost_per_completion_token`); overrides the table */
  customCompletionTokenPriceUsd?: number | null;
  /**
   * When the call was made (the span start). Needed for models whose price changed over
   * time or varies by time of day; without it such models cost `null`.
   */
  at?: Date;
}

export interface PricerOptions {
  /** price rows that win over the catalog, first match wins; default: `core/pricing-overrides.json` */
  overrides?: readonly PriceOverride[];
  /** provider+model pairs remembered, oldest dropped first; default 10,000 */
  cacheSize?: number;
}

export interface PricerCacheStats {
  hits: number;
  misses: number;
  size: number;
}

export interface Pricer {
  /**
   * USD cost of one call, rounded to 1e-10, or `null` when it cannot be known: no token
   * counts (or only zeros), an unknown model without custom prices, or a time-dependent
   * price without `at`. Uncached prompt tokens cost the input price, cached ones the
   * cache-read price where the model has one (else the input price).
   */
  spanCostUsd(input: SpanCostInput): number | null;
  /** Lookups answered from the provider+model map, for metrics and tests. */
  cacheStats(): PricerCacheStats;
}

const DEFAULT_CACHE_SIZE = 10_000;

/**
 * Builds a pricer. Throws `PricingError('invalid_price_override')` when an override row is
 * malformed. Pure: no I/O, no clock; the catalog is the data installed with the package.
 */
export function createPricer(options: PricerOptions = {}): Pricer {
  const overrides = compileOverrides(options.overrides ?? DEFAULT_PRICE_OVERRIDES);
  const cacheSize = Math.max(1, options.cacheSize ?? DEFAULT_CACHE_SIZE);
  const schedules = new Map<string, PriceSchedule | null>();
  let hits = 0;
  let misses = 0;

  function scheduleFor(provider: string | null, model: string): PriceSchedule | null {
    const key = `${provider ?? ''}\u0000${model}`;
    const known = schedules.get(key);
    if (known !== undefined || schedules.has(key)) {
      hits++;
      return known ?? null;
    }
    misses++;
    const schedule = resolveSchedule(overrides, provider, model);
    if (schedules.size >= cacheSize) schedules.delete(schedules.keys().next().value as string);
    schedules.set(key, schedule);
    return schedule;
  }

  return {
    spanCostUsd(input) {
      const tokens = tokenCounts(input);
      if (tokens === null) return null;
      const customPrompt = price(input.customPromptTokenPriceUsd);
      const customCompletion = price(input.customCompletionTokenPriceUsd);
      let rates: TokenRates | null = null;
      if ((customPrompt === null || customCompletion === null) && input.model) {
        const schedule = scheduleFor(input.provider, input.model);
        rates = schedule && ratesAt(schedule, input.at);
        if (rates && !rates.tokenPriced) rates = null;
      }
      return costUsd(tokens, rates, customPrompt, customCompletion);
    },
    cacheStats: () => ({ hits, misses, size: schedules.size }),
  };
}

/** Overrides first, then the catalog under the span's provider, else under what the name suggests. */
function resolveSchedule(
  overrides: readonly CompiledOverride[],
  provider: string | null,
  model: string,
): PriceSchedule | null {
  const candidates = modelNameCandidates(model);
  const explicit = provider ? catalogProviderId(provider) : null;
  const named = candidates.providerHint;
  const hint = named !== null && isCatalogProvider(named) ? named : undefined;
  const trusted = explicit !== null && isCatalogProvider(explicit) ? explicit : undefined;
  const override = matchOverride(overrides, trusted ?? hint ?? explicit, candidates.overrideNames);
  if (override) return override;
  // A provider the catalog knows is asked alone: another provider's price would be a guess.
  // Otherwise: the provider the name points at, then the catalog's guess from the name.
  const providers = trusted !== undefined ? [trusted] : [...new Set([hint, undefined])];
  for (const providerId of providers) {
    for (const name of candidates.names) {
      const schedule = catalogSchedule(providerId, name);
      if (schedule) return schedule;
    }
  }
  return null;
}

function costUsd(
  tokens: TokenCounts,
  rates: TokenRates | null,
  customPrompt: number | null,
  customCompletion: number | null,
): number | null {
  const prompt: PromptPrices | null =
    customPrompt !== null
      ? { uncached: customPrompt, cacheRead: customPrompt, cacheWrite: customPrompt }
      : rates && promptPrices(rates, tokens.promptTokens);
  const completion = customCompletion ?? (rates && perToken(rates.outputPerMtok, tokens.promptTokens));
  // A side with tokens but no price makes the whole cost unknown.
  if ((prompt === null && tokens.promptTokens > 0) || (completion === null && tokens.completionTokens > 0)) return null;
  let usd = (prompt ? promptCostUsd(prompt, tokens) : 0) + (completion ?? 0) * tokens.completionTokens;
  if (rates?.requestsPerK !== undefined) usd += rates.requestsPerK / 1000;
  return Math.round(usd * 1e10) / 1e10;
}

/** Token counts with absent or invalid values as 0; null when there is nothing to price. */
function tokenCounts(input: SpanCostInput): TokenCounts | null {
  const promptTokens = count(input.promptTokens);
  const completionTokens = count(input.completionTokens);
  if (promptTokens === 0 && completionTokens === 0) return null;
  return {
    promptTokens,
    completionTokens,
    cachedPromptTokens: count(input.cachedPromptTokens),
    cacheWritePromptTokens: count(input.cacheWritePromptTokens),
  };
}

function count(value: number | null | undefined): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}

function price(value: number | null | undefined): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : null;
}

/**
 * The cost of one LLM call in USD, from the span's provider, model and token counts.
 * Prices come from our override table first, then the bundled `@pydantic/genai-prices`
 * catalog; each provider+model is resolved once and kept in a bounded in-memory map.
 */
import { createHash } from 'node:crypto';
import { catalogMatch, isCatalogProvider } from './catalog.js';
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
import { catalogProviderId, semconvProviderName } from './provider-aliases.js';

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
  /** the version recorded for override prices; default `overrides:sha256:<first 16 hex of the rows' JSON>` */
  overridesVersion?: string;
  /** the version recorded for catalog prices (`@pydantic/genai-prices@0.1.8`); default `@pydantic/genai-prices` */
  catalogVersion?: string;
  /** provider+model pairs remembered, oldest dropped first; default 10,000 */
  cacheSize?: number;
}

export interface PricerCacheStats {
  hits: number;
  misses: number;
  size: number;
}

/** Where a span's price came from. */
export type PriceSource = 'catalog' | 'override' | 'custom_attribute';

/** A span's cost with the source of its prices and that source's version. */
export interface SpanPrice {
  costUsd: number;
  source: PriceSource;
  version: string;
}

export interface Pricer {
  /**
   * USD cost of one call, rounded to 1e-10, or `null` when it cannot be known: no token
   * counts (or only zeros), an unknown model without custom prices, or a time-dependent
   * price without `at`. Uncached prompt tokens cost the input price, cached ones the
   * cache-read price where the model has one (else the input price).
   */
  spanCostUsd(input: SpanCostInput): number | null;
  /** Like `spanCostUsd`, with where the price came from (custom attributes win, then overrides, then the catalog). */
  spanPrice(input: SpanCostInput): SpanPrice | null;
  /**
   * The `gen_ai.provider.name` of the price table's match for a model named without a
   * provider (`gpt-4o-mini` → `openai`); null when nothing matches or the match names none.
   */
  providerOfModel(model: string): string | null;
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
  const schedules = new Map<string, ResolvedSchedule | null>();
  const versions: Record<ResolvedSchedule['source'], string> = {
    override: options.overridesVersion ?? overridesVersion(options.overrides ?? DEFAULT_PRICE_OVERRIDES),
    catalog: options.catalogVersion ?? '@pydantic/genai-prices',
  };
  let hits = 0;
  let misses = 0;

  function scheduleFor(provider: string | null, model: string): ResolvedSchedule | null {
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

  function spanPrice(input: SpanCostInput): SpanPrice | null {
    const tokens = tokenCounts(input);
    if (tokens === null) return null;
    const customPrompt = price(input.customPromptTokenPriceUsd);
    const customCompletion = price(input.customCompletionTokenPriceUsd);
    let rates: TokenRates | null = null;
    let resolved: ResolvedSchedule | null = null;
    if ((customPrompt === null || customCompletion === null) && input.model) {
      resolved = scheduleFor(input.provider, input.model);
      rates = resolved && ratesAt(resolved.schedule, input.at);
      if (rates && !rates.tokenPriced) rates = null;
    }
    const cost = costUsd(tokens, rates, customPrompt, customCompletion);
    if (cost === null) return null;
    if (customPrompt !== null || customCompletion !== null || resolved === null) {
      return { costUsd: cost, source: 'custom_attribute', version: 'span attributes' };
    }
    return { costUsd: cost, source: resolved.source, version: versions[resolved.source] };
  }

  return {
    spanCostUsd: (input) => spanPrice(input)?.costUsd ?? null,
    spanPrice,
    providerOfModel(model) {
      const providerId = scheduleFor(null, model)?.providerId ?? null;
      return providerId === null ? null : semconvProviderName(providerId);
    },
    cacheStats: () => ({ hits, misses, size: schedules.size }),
  };
}

/** Prices found for a provider+model, where they came from, and the catalog provider they are filed under. */
interface ResolvedSchedule {
  schedule: PriceSchedule;
  source: 'override' | 'catalog';
  providerId: string | null;
}

/** `overrides:sha256:<16 hex>` of the rows as JSON: changes whenever a price row does. */
export function overridesVersion(rows: readonly unknown[]): string {
  return `overrides:sha256:${createHash('sha256').update(JSON.stringify(rows)).digest('hex').slice(0, 16)}`;
}

/** Overrides first, then the catalog under the span's provider, else under what the name suggests. */
function resolveSchedule(
  overrides: readonly CompiledOverride[],
  provider: string | null,
  model: string,
): ResolvedSchedule | null {
  const candidates = modelNameCandidates(model);
  const explicit = provider ? catalogProviderId(provider) : null;
  const named = candidates.providerHint;
  const hint = named !== null && isCatalogProvider(named) ? named : undefined;
  const trusted = explicit !== null && isCatalogProvider(explicit) ? explicit : undefined;
  const overrideProvider = trusted ?? hint ?? explicit;
  const override = matchOverride(overrides, overrideProvider, candidates.overrideNames);
  if (override) return { schedule: override.schedule, source: 'override', providerId: override.providerId ?? overrideProvider };
  // A provider the catalog knows is asked alone: another provider's price would be a guess.
  // Otherwise: the provider the name points at, then the catalog's guess from the name.
  const providers = trusted !== undefined ? [trusted] : [...new Set([hint, undefined])];
  for (const providerId of providers) {
    for (const name of candidates.names) {
      const match = catalogMatch(providerId, name);
      if (match) return { schedule: match.schedule, source: 'catalog', providerId: match.providerId };
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

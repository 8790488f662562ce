/**
 * The one file that reads `@pydantic/genai-prices`: finds a model in its bundled data
 * and turns the model's prices into a {@link PriceSchedule}. We never call the
 * package's `updatePrices`, so it never fetches; its data is what was installed.
 */
import { calcPrice, findProvider, type ModelInfo, type ModelPrice } from '@pydantic/genai-prices';
import { PricingError } from './errors.js';
import type { MtokPrice, PriceSchedule, PriceWindow, TokenRates } from './price-schedule.js';

// `calcPrice` reads the clock unless given a timestamp; the prices it picks are discarded,
// since the whole schedule is kept and re-evaluated per span.
const ANY_TIME = new Date(0);
const NO_USAGE = { input_tokens: 0 };

/** True when the catalog has this provider id (or a provider whose name pattern matches it). */
export function isCatalogProvider(providerId: string): boolean {
  return findProvider({ providerId }) !== undefined;
}

/**
 * The catalog's prices for `model`, looked up under `providerId` (with the provider's own
 * fallbacks, e.g. Azure → OpenAI), or under the provider the model name suggests when
 * `providerId` is undefined. Dated snapshots resolve through the catalog's match rules.
 */
export function catalogSchedule(providerId: string | undefined, model: string): PriceSchedule | null {
  return catalogMatch(providerId, model)?.schedule ?? null;
}

/** A catalog match: the model's prices and the catalog id of the provider it was found under. */
export interface CatalogMatch {
  schedule: PriceSchedule;
  providerId: string;
}

/** Like {@link catalogSchedule}, with the provider the catalog matched. */
export function catalogMatch(providerId: string | undefined, model: string): CatalogMatch | null {
  const options = providerId === undefined ? { timestamp: ANY_TIME } : { providerId, timestamp: ANY_TIME };
  const found = calcPrice(NO_USAGE, model, options);
  return found ? { schedule: scheduleOf(found.model), providerId: found.provider.id } : null;
}

function scheduleOf(model: ModelInfo): PriceSchedule {
  if (!Array.isArray(model.prices)) return { entries: [{ window: { kind: 'always' }, rates: ratesOf(model.prices) }] };
  return {
    entries: model.prices.map((entry) => ({
      window: windowOf(entry.constraint, model.id),
      rates: ratesOf(entry.prices),
    })),
  };
}

function ratesOf(prices: ModelPrice): TokenRates {
  const inputPerMtok = mtok(prices.input_mtok);
  const outputPerMtok = mtok(prices.output_mtok);
  const requests = prices.requests_kcount;
  return {
    inputPerMtok,
    outputPerMtok,
    cacheReadPerMtok: mtok(prices.cache_read_mtok),
    cacheWritePerMtok: mtok(prices.cache_write_mtok),
    requestsPerK: typeof requests === 'number' ? requests : undefined,
    // `{}` is a free model; prices in other units only (audio hours, pages) say nothing about tokens
    tokenPriced: inputPerMtok !== undefined || outputPerMtok !== undefined || Object.keys(prices).length === 0,
  };
}

function mtok(price: ModelPrice[string]): MtokPrice | undefined {
  if (price === undefined || typeof price === 'number') return price;
  return { base: price.base, tiers: [...price.tiers].sort((a, b) => a.start - b.start) };
}

type Constraint = NonNullable<Extract<ModelInfo['prices'], unknown[]>[number]['constraint']>;

function windowOf(constraint: Constraint | undefined, modelId: string): PriceWindow {
  if (constraint === undefined) return { kind: 'always' };
  if (constraint.type === 'start_date') {
    return { kind: 'from', fromMs: Date.parse(`${constraint.start_date}T00:00:00Z`) };
  }
  return {
    kind: 'daily',
    startSec: utcSecondOfDay(constraint.start_time, modelId),
    endSec: utcSecondOfDay(constraint.end_time, modelId),
  };
}

const TIME_OF_DAY = /^(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:Z|([+-])(\d{2}):(\d{2}))$/;

/** `16:30:00Z` / `08:00:00+08:00` → seconds after UTC midnight. */
function utcSecondOfDay(time: string, modelId: string): number {
  const m = TIME_OF_DAY.exec(time);
  if (!m) throw new PricingError('invalid_catalog_price', `unreadable time of day "${time}" for ${modelId}`);
  const local = Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
  const offset = m[4] ? (m[4] === '+' ? 1 : -1) * (Number(m[5]) * 3600 + Number(m[6]) * 60) : 0;
  return (((local - offset) % 86_400) + 86_400) % 86_400;
}

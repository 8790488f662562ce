/**
 * A model's token prices, and the arithmetic that turns token counts into USD.
 * Independent of where the prices come from (catalog package or override table).
 */

/** USD per million tokens; tiered prices switch on the request's total input tokens. */
export type MtokPrice = number | TieredMtokPrice;

export interface TieredMtokPrice {
  base: number;
  /** ascending by `start`; a tier applies when input tokens exceed `start` */
  tiers: readonly { start: number; price: number }[];
}

/** The prices of one model at one moment. Absent token prices are 0, as in the catalog. */
export interface TokenRates {
  inputPerMtok?: MtokPrice;
  outputPerMtok?: MtokPrice;
  /** absent: cache reads cost the input price */
  cacheReadPerMtok?: MtokPrice;
  /** absent: cache writes cost the input price */
  cacheWritePerMtok?: MtokPrice;
  /** flat fee per 1,000 calls (Perplexity) */
  requestsPerK?: number;
  /** false for models priced only in other units (audio hours, pages): their token cost is unknown */
  tokenPriced: boolean;
}

/** When a set of rates applies, in the catalog's terms. */
export type PriceWindow =
  | { kind: 'always' }
  | { kind: 'from'; fromMs: number }
  /** a daily UTC window, seconds after midnight; wraps past midnight when end < start */
  | { kind: 'daily'; startSec: number; endSec: number };

/** Rates over time: the last entry whose window holds wins, else the first (catalog rule). */
export interface PriceSchedule {
  entries: readonly { window: PriceWindow; rates: TokenRates }[];
}

/** Token counts of one call; cached and cache-write tokens are parts of `promptTokens`. */
export interface TokenCounts {
  promptTokens: number;
  completionTokens: number;
  cachedPromptTokens: number;
  cacheWritePromptTokens: number;
}

/** The rates in force at `at`; without `at`, only a schedule that never changed answers. */
export function ratesAt(schedule: PriceSchedule, at: Date | undefined): TokenRates | null {
  const { entries } = schedule;
  if (entries.length === 1) return entries[0]?.rates ?? null;
  if (at === undefined) return null;
  const ms = at.getTime();
  if (Number.isNaN(ms)) return null;
  for (let i = entries.length - 1; i >= 0; i--) {
    const entry = entries[i];
    if (entry && windowHolds(entry.window, ms)) return entry.rates;
  }
  return entries[0]?.rates ?? null;
}

function windowHolds(window: PriceWindow, ms: number): boolean {
  if (window.kind === 'always') return true;
  if (window.kind === 'from') return ms >= window.fromMs;
  const sec = (ms % 86_400_000) / 1000;
  const daySec = sec < 0 ? sec + 86_400 : sec;
  return window.endSec < window.startSec
    ? daySec >= window.startSec || daySec < window.endSec
    : daySec >= window.startSec && daySec < window.endSec;
}

/** The USD price per token of `price` for a request with `inputTokens` input tokens. */
export function perToken(price: MtokPrice | undefined, inputTokens: number): number {
  if (price === undefined) return 0;
  if (typeof price === 'number') return price / 1e6;
  let mtok = price.base;
  for (const tier of price.tiers) if (inputTokens > tier.start) mtok = tier.price;
  return mtok / 1e6;
}

/** Input-side USD per token: uncached, cache read, cache write. */
export interface PromptPrices {
  uncached: number;
  cacheRead: number;
  cacheWrite: number;
}

/** The input-side prices of `rates` for a request of `promptTokens`. */
export function promptPrices(rates: TokenRates, promptTokens: number): PromptPrices {
  const uncached = perToken(rates.inputPerMtok, promptTokens);
  return {
    uncached,
    cacheRead: rates.cacheReadPerMtok === undefined ? uncached : perToken(rates.cacheReadPerMtok, promptTokens),
    cacheWrite: rates.cacheWritePerMtok === undefined ? uncached : perToken(rates.cacheWritePerMtok, promptTokens),
  };
}

/** USD of the prompt side. Cached and cache-write tokens are capped so the parts never exceed the total. */
export function promptCostUsd(prices: PromptPrices, tokens: TokenCounts): number {
  const cached = Math.min(tokens.cachedPromptTokens, tokens.promptTokens);
  const written = Math.min(tokens.cacheWritePromptTokens, tokens.promptTokens - cached);
  const uncached = tokens.promptTokens - cached - written;
  return uncached * prices.uncached + cached * prices.cacheRead + written * prices.cacheWrite;
}

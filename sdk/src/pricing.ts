/** Custom per-token prices: per call, or from a small table by model name. */
import type { Attributes } from '@opentelemetry/api';
import { LUMINA } from './attribute-keys.js';

/** USD per token for one model (cached prompt tokens are priced at the prompt price). */
export interface TokenPrice {
  /** USD per prompt (input) token */
  costPerPromptToken: number;
  /** USD per completion (output) token */
  costPerCompletionToken: number;
}

/**
 * Prices by model name. A key matches a model equal to it, or starting with it (so
 * `gpt-4o` covers `gpt-4o-2024-08-06`); the longest matching key wins.
 */
export type PriceTable = Readonly<Record<string, TokenPrice>>;

/** The table's price for a model, or undefined. */
export function priceForModel(table: PriceTable, model: string | undefined): TokenPrice | undefined {
  if (model === undefined) return undefined;
  const exact = table[model];
  if (exact) return exact;
  let best: string | undefined;
  for (const key of Object.keys(table)) {
    if (model.startsWith(key) && (best === undefined || key.length > best.length)) best = key;
  }
  return best === undefined ? undefined : table[best];
}

/** The price as the attributes Lumina's processors honour (`cost_per_prompt_token`, …). */
export function priceAttributes(price: TokenPrice): Attributes {
  return { [LUMINA.costPerPromptToken]: price.costPerPromptToken, [LUMINA.costPerCompletionToken]: price.costPerCompletionToken };
}

/** True for a price with two finite, non-negative numbers. */
export function isValidPrice(price: TokenPrice): boolean {
  const ok = (n: unknown) => typeof n === 'number' && Number.isFinite(n) && n >= 0;
  return ok(price.costPerPromptToken) && ok(price.costPerCompletionToken);
}

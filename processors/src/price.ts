import type { Pricer } from '@lumina/core';
import { eachDelivery, type SpanWork, type Stage } from './stage.js';

/** Where no key names the provider, the price table's match for the model does (mapping report: `price_catalog`). */
function providerFromModel(span: SpanWork, pricer: Pricer): void {
  const { record } = span;
  if (record.provider !== null || record.model === null || span.llm === null) return;
  const provider = pricer.providerOfModel(record.model);
  if (provider === null) return;
  record.provider = provider;
  if (record.fieldSources !== null) record.fieldSources.provider = 'price_catalog';
}

function priceSpan(span: SpanWork, pricer: Pricer): void {
  const { llm, record } = span;
  if (llm === null) return;
  providerFromModel(span, pricer);
  if (!record.isLlm) return;
  const priced = pricer.spanPrice({
    provider: record.provider,
    model: llm.model,
    promptTokens: record.promptTokens,
    completionTokens: record.completionTokens,
    cachedPromptTokens: record.cachedPromptTokens,
    customPromptTokenPriceUsd: llm.customPromptTokenPriceUsd,
    customCompletionTokenPriceUsd: llm.customCompletionTokenPriceUsd,
    // Some prices change over time (dated or time-of-day tiers): price at the call's time.
    at: new Date(Number(record.startTimeUnixNano / 1_000_000n)),
  });
  record.costUsd = priced?.costUsd ?? null;
  record.priceSource = priced?.source ?? null;
  record.priceVersion = priced?.version ?? null;
}

/**
 * Stage: the provider of spans that name none (from the price table's match for the model),
 * and the cost of every LLM call with the source and version of its prices (core's price
 * tables; unknown models stay null, not 0).
 */
export function price(pricer: Pricer): Stage {
  return eachDelivery('price', (delivery) => {
    for (const span of delivery.spans) priceSpan(span, pricer);
  });
}

import type { Pricer } from '@lumina/core';
import { eachDelivery, type SpanWork, type Stage } from './stage.js';

function priceSpan(span: SpanWork, pricer: Pricer): void {
  const { llm, record } = span;
  if (!record.isLlm || llm === null) return;
  record.costUsd = pricer.spanCostUsd({
    provider: llm.provider,
    model: llm.model,
    promptTokens: record.promptTokens,
    completionTokens: record.completionTokens,
    cachedPromptTokens: record.cachedPromptTokens,
    customPromptTokenPriceUsd: llm.customPromptTokenPriceUsd,
    customCompletionTokenPriceUsd: llm.customCompletionTokenPriceUsd,
    // Some prices change over time (dated or time-of-day tiers): price at the call's time.
    at: new Date(Number(record.startTimeUnixNano / 1_000_000n)),
  });
}

/** Stage: the cost of every LLM call, from core's price tables (unknown models stay null, not 0). */
export function price(pricer: Pricer): Stage {
  return eachDelivery('price', (delivery) => {
    for (const span of delivery.spans) priceSpan(span, pricer);
  });
}

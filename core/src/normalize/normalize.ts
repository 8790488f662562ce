/** A span's canonical LLM fields, from whichever convention families it carries. */
import type { FlatSpan, LlmFields } from '../span.js';
import { attributeBag } from './attribute-bag.js';
import { classifyLlmSpan, hasLlmAttributes } from './classify.js';
import { LLM_FIELD_SOURCES as FIELDS } from './field-sources.js';
import { readField } from './read-sources.js';
import { asText } from './values.js';

/**
 * The canonical LLM fields of a span (GENAI_ATTRIBUTES.md), or null when the
 * span is not LLM-related (see classify.ts for what counts). Usage wrappers
 * keep their tokens here, flagged `isUsageWrapper`; the processors null them
 * so that totals count each call once. Pure; parses only what it returns.
 */
export function normalizeLlmSpan(span: FlatSpan): LlmFields | null {
  if (!hasLlmAttributes(span.attributes)) return null;
  const bag = attributeBag(span.attributes, span.events);
  const operation = readField(bag, FIELDS.operation);
  const model = readField(bag, FIELDS.model);
  const promptTokens = readField(bag, FIELDS.promptTokens);
  const completionTokens = readField(bag, FIELDS.completionTokens);
  const role = classifyLlmSpan({
    operation,
    vercelOperationId: asText(span.attributes['ai.operationId']),
    hasModel: model !== null,
    hasUsage: promptTokens !== null || completionTokens !== null,
  });
  if (role === null) return null;
  return {
    provider: readField(bag, FIELDS.provider),
    model,
    operation,
    promptTokens,
    completionTokens,
    cachedPromptTokens: readField(bag, FIELDS.cachedPromptTokens),
    prompt: readField(bag, FIELDS.prompt),
    response: readField(bag, FIELDS.response),
    systemPrompt: readField(bag, FIELDS.systemPrompt),
    finishReason: readField(bag, FIELDS.finishReason),
    customPromptTokenPriceUsd: readField(bag, FIELDS.customPromptTokenPriceUsd),
    customCompletionTokenPriceUsd: readField(bag, FIELDS.customCompletionTokenPriceUsd),
    isUsageWrapper: role === 'usage_wrapper',
  };
}

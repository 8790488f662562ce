/** A span's canonical LLM fields, from whichever convention families it carries. */
import type { FieldSources, FlatSpan, LlmFields, WrapperKind } from '../span.js';
import { attributeBag, type AttributeBag } from './attribute-bag.js';
import { classifyLlmSpan, hasLlmAttributes, type LlmSpanRole } from './classify.js';
import { LLM_FIELD_SOURCES as FIELDS, type FieldKind, type FieldSpec } from './field-sources.js';
import { isFrameworkScope } from './framework-scopes.js';
import { type FieldValue, readSourcedField, sourceLabel } from './read-sources.js';
import { asText } from './values.js';

/** The names the mapping report gives the LLM fields (API.md's span field names). */
const REPORTED_NAMES: Partial<Record<keyof typeof FIELDS, string>> = {
  model: 'model',
  provider: 'provider',
  operation: 'operation',
  promptTokens: 'prompt_tokens',
  completionTokens: 'completion_tokens',
  cachedPromptTokens: 'cached_prompt_tokens',
  prompt: 'prompt',
  response: 'response',
  systemPrompt: 'system_prompt',
  finishReason: 'finish_reason',
};

function sourcedReader(bag: AttributeBag, sources: FieldSources) {
  return <N extends keyof typeof FIELDS>(name: N): FieldValue<(typeof FIELDS)[N] extends FieldSpec<infer K> ? K : FieldKind> | null => {
    const found = readSourcedField(bag, FIELDS[name] as FieldSpec);
    if (found === null) return null;
    const reported = REPORTED_NAMES[name];
    if (reported !== undefined) sources[reported] = sourceLabel(found.source);
    return found.value as never;
  };
}

function wrapperKindOf(role: LlmSpanRole, hasUsage: boolean, scopeName: string): WrapperKind | null {
  if (!hasUsage) return null;
  if (role === 'usage_wrapper') return 'grouping';
  return isFrameworkScope(scopeName) ? 'framework' : null;
}

/**
 * The canonical LLM fields of a span (GENAI_ATTRIBUTES.md), or null when the
 * span is not LLM-related (see classify.ts for what counts), with the source of
 * each field. A span that may repeat another's usage (an agent with tokens, a
 * LangChain LLM span) is marked with its `wrapperKind`; whether it does is
 * decided with the spans around it (usage/repeated-usage.ts). Pure; parses only
 * what it returns.
 */
export function normalizeLlmSpan(span: FlatSpan): LlmFields | null {
  if (!hasLlmAttributes(span.attributes)) return null;
  const bag = attributeBag(span.attributes, span.events);
  const fieldSources: FieldSources = {};
  const read = sourcedReader(bag, fieldSources);
  const operation = read('operation');
  const model = read('model');
  const promptTokens = read('promptTokens');
  const completionTokens = read('completionTokens');
  const hasUsage = promptTokens !== null || completionTokens !== null;
  const role = classifyLlmSpan({
    operation,
    vercelOperationId: asText(span.attributes['ai.operationId']),
    hasModel: model !== null,
    hasUsage,
  });
  if (role === null) return null;
  return {
    provider: read('provider'),
    model,
    operation,
    promptTokens,
    completionTokens,
    cachedPromptTokens: read('cachedPromptTokens'),
    prompt: read('prompt'),
    response: read('response'),
    systemPrompt: read('systemPrompt'),
    finishReason: read('finishReason'),
    customPromptTokenPriceUsd: read('customPromptTokenPriceUsd'),
    customCompletionTokenPriceUsd: read('customCompletionTokenPriceUsd'),
    isUsageWrapper: role === 'usage_wrapper',
    wrapperKind: wrapperKindOf(role, hasUsage, span.scopeName),
    fieldSources,
  };
}

/** A finished span as the subject of always-sample conditions. */
import { SpanStatusCode, type AttributeValue } from '@opentelemetry/api';
import { hrTimeToMilliseconds } from '@opentelemetry/core';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { GEN_AI, LUMINA } from '../attribute-keys.js';
import { metadataAttributeKey } from '../metadata.js';
import type { SampleSubject } from './conditions.js';

function numberAttribute(value: AttributeValue | undefined): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
  return Number.isFinite(n) ? n : undefined;
}

/**
 * The call's cost in USD: input tokens × `cost_per_prompt_token` + output tokens ×
 * `cost_per_completion_token`. Undefined without those prices or without token counts.
 * (`traceLLM` writes the prices from the call's `price` or the client's `prices` table.)
 */
export function spanCostUsd(attributes: ReadableSpan['attributes']): number | undefined {
  const promptPrice = numberAttribute(attributes[LUMINA.costPerPromptToken]);
  const completionPrice = numberAttribute(attributes[LUMINA.costPerCompletionToken]);
  const input = numberAttribute(attributes[GEN_AI.inputTokens]);
  const output = numberAttribute(attributes[GEN_AI.outputTokens]);
  if (promptPrice === undefined || completionPrice === undefined) return undefined;
  if (input === undefined && output === undefined) return undefined;
  return (input ?? 0) * promptPrice + (output ?? 0) * completionPrice;
}

/** The subject view of a span. Metadata keys are looked up as written by `traceLLM`. */
export function spanSubject(span: ReadableSpan): SampleSubject {
  return {
    isError: () => span.status.code === SpanStatusCode.ERROR,
    latencyMs: () => hrTimeToMilliseconds(span.duration),
    costUsd: () => spanCostUsd(span.attributes),
    value: (key) => span.attributes[metadataAttributeKey(key)] ?? span.attributes[key],
  };
}

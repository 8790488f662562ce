/** The gen_ai attributes of an LLM call span: the request side, the result side, failures. */
import { SpanStatusCode, type Attributes, type Span } from '@opentelemetry/api';
import { GEN_AI, GENERAL, LUMINA } from '../attribute-keys.js';
import { addMetadataAttributes, type Metadata } from '../metadata.js';
import { priceAttributes, type TokenPrice } from '../pricing.js';
import type { LlmCallResult } from './call-result.js';
import { inputMessages, systemInstructionParts, type Prompt } from './prompt.js';

/** What the request side of a call says, as given to `traceLLM`. */
export interface LlmRequest {
  system: string;
  operation: string;
  prompt?: Prompt;
  systemPrompt?: unknown;
  model?: string;
  metadata?: Metadata;
  tags?: readonly string[];
  price?: TokenPrice;
}

/** Attributes known when the call starts. Content is left out when `recordContent` is false. */
export function requestAttributes(request: LlmRequest, recordContent: boolean): Attributes {
  const attributes: Attributes = {
    [GEN_AI.operationName]: request.operation,
    [GEN_AI.providerName]: request.system,
    [LUMINA.spanKind]: 'llm',
  };
  if (request.model !== undefined) attributes[GEN_AI.requestModel] = request.model;
  if (recordContent && request.prompt !== undefined) attributes[GEN_AI.inputMessages] = JSON.stringify(inputMessages(request.prompt));
  if (recordContent && request.systemPrompt !== undefined && request.systemPrompt !== null) {
    attributes[GEN_AI.systemInstructions] = JSON.stringify(systemInstructionParts(request.systemPrompt));
  }
  addMetadataAttributes(attributes, request.metadata, request.tags);
  if (request.price) Object.assign(attributes, priceAttributes(request.price));
  return attributes;
}

const COUNTS: readonly [keyof LlmCallResult, string][] = [
  ['inputTokens', GEN_AI.inputTokens],
  ['outputTokens', GEN_AI.outputTokens],
  ['cacheReadInputTokens', GEN_AI.cacheReadInputTokens],
  ['cacheCreationInputTokens', GEN_AI.cacheCreationInputTokens],
  ['reasoningOutputTokens', GEN_AI.reasoningOutputTokens],
];

/** Attributes read from the call's result. */
export function resultAttributes(result: LlmCallResult, recordContent: boolean): Attributes {
  const attributes: Attributes = {};
  if (result.responseModel) attributes[GEN_AI.responseModel] = result.responseModel;
  if (result.responseId) attributes[GEN_AI.responseId] = result.responseId;
  for (const [field, key] of COUNTS) {
    const value = result[field];
    if (typeof value === 'number') attributes[key] = value;
  }
  if (result.finishReasons) attributes[GEN_AI.finishReasons] = result.finishReasons;
  if (recordContent && result.outputMessages) attributes[GEN_AI.outputMessages] = JSON.stringify(result.outputMessages);
  return attributes;
}

/** Marks the span failed: status ERROR with the message, `error.type`, an exception event. */
export function recordFailure(span: Span, error: unknown): void {
  const err = error instanceof Error ? error : new Error(String(error));
  span.recordException(err);
  span.setStatus({ code: SpanStatusCode.ERROR, message: err.message });
  span.setAttribute(GENERAL.errorType, err.constructor?.name && err.constructor.name !== 'Error' ? err.constructor.name : err.name);
}

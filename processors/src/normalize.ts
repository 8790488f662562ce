import { deriveSpanStatus, latencyMs, normalizeLlmSpan, readSourcedSpanContext, spanEventContent, spanException, spansRepeatingUsage, storedSpanEvents, unmappedKeys, withoutContentAttributes } from '@lumina/core';
import type { FlatSpan, LlmFields, SpanRecord } from '@lumina/core';
import { eachDelivery, type SpanWork, type Stage } from './stage.js';

/**
 * A flattened span as the record to store, without cost (the price stage adds it): canonical
 * LLM fields, user/session/tags and status. Message content read into prompt/response is
 * dropped from `attributes` (stored once). A usage wrapper without usage of its own (e.g.
 * Vercel's `ai.generateText` without tokens) keeps its model and content but is no call; one
 * with usage (`wrapperKind`) is counted until a span it repeats is found (here among the
 * payload's spans, then by the database writer among the trace's).
 */
export function normalizedRecord(span: FlatSpan, projectId: string, normalized: LlmFields | null): SpanRecord {
  // gen_ai span events fill what the span's attributes left empty (finish reason of a choice, tool calls, operation details).
  const fromEvents = normalized === null ? null : spanEventContent(span.events);
  const llm: LlmFields | null =
    normalized === null || fromEvents === null
      ? normalized
      : {
          ...normalized,
          prompt: normalized.prompt ?? fromEvents.prompt,
          response: normalized.response ?? fromEvents.response,
          systemPrompt: normalized.systemPrompt ?? fromEvents.systemPrompt,
          finishReason: normalized.finishReason ?? fromEvents.finishReason,
        };
  const { fields: context, sources: contextSources } = readSourcedSpanContext(span);
  const isLlm = llm !== null && (!llm.isUsageWrapper || llm.wrapperKind !== null);
  const contentRead = llm !== null && (llm.prompt !== null || llm.response !== null);
  const events = storedSpanEvents(span.events, contentRead);
  // A call that failed with an exception and no status message says what the exception said.
  const exceptionMessage = span.statusCode === 2 && span.statusMessage === '' ? (spanException(events)?.message ?? null) : null;
  return {
    projectId,
    traceId: span.traceId,
    spanId: span.spanId,
    parentSpanId: span.parentSpanId,
    name: span.name,
    kind: span.kind,
    serviceName: span.serviceName,
    startTimeUnixNano: span.startTimeUnixNano,
    endTimeUnixNano: span.endTimeUnixNano,
    latencyMs: latencyMs(span.startTimeUnixNano, span.endTimeUnixNano),
    status: deriveSpanStatus(span.statusCode, llm?.finishReason ?? null),
    statusMessage: span.statusMessage === '' ? exceptionMessage : span.statusMessage,
    isLlm,
    provider: llm?.provider ?? null,
    model: llm?.model ?? null,
    operation: llm?.operation ?? null,
    promptTokens: isLlm ? llm.promptTokens : null,
    completionTokens: isLlm ? llm.completionTokens : null,
    cachedPromptTokens: isLlm ? llm.cachedPromptTokens : null,
    costUsd: null,
    prompt: llm?.prompt ?? null,
    response: llm?.response ?? null,
    systemPrompt: llm?.systemPrompt ?? null,
    finishReason: llm?.finishReason ?? null,
    userId: context.userId,
    sessionId: context.sessionId,
    tags: context.tags,
    // Content read into prompt/response/system_prompt is not stored twice.
    attributes: contentRead ? withoutContentAttributes(span.attributes) : span.attributes,
    resource: span.resource,
    redactions: null,
    fieldSources: llm === null ? null : { ...llm.fieldSources, ...contextSources },
    wrapperKind: llm?.wrapperKind ?? null,
    priceSource: null,
    priceVersion: null,
    qualityScore: null,
    qualitySignals: null,
    events,
    toolCalls: fromEvents?.toolCalls ?? null,
  };
}

function normalizeSpan(flat: FlatSpan, projectId: string): SpanWork {
  const llm = normalizeLlmSpan(flat);
  return {
    llm,
    record: normalizedRecord(flat, projectId, llm),
    scope: { name: flat.scopeName, version: flat.scopeVersion },
    // The mapping report looks at the spans normalization read as LLM spans.
    unmappedKeys: llm === null ? null : unmappedKeys(flat.attributes),
  };
}

const toMicros = (nanos: bigint) => Number(nanos / 1000n);

/** Wrappers whose usage repeats a span of the same payload: not counted (usage/repeated-usage.ts). */
export function settleRepeatedUsage(spans: SpanWork[]): void {
  if (!spans.some((span) => span.record.wrapperKind !== null && span.record.isLlm)) return;
  const repeating = spansRepeatingUsage(
    spans.map(({ record }) => ({
      traceId: record.traceId,
      spanId: record.spanId,
      parentSpanId: record.parentSpanId,
      start: toMicros(record.startTimeUnixNano),
      end: toMicros(record.endTimeUnixNano),
      carriesUsage: record.isLlm,
      wrapperKind: record.wrapperKind,
      provider: record.provider,
    })),
  );
  for (const { record } of spans) {
    if (!repeating.has(`${record.traceId}/${record.spanId}`)) continue;
    record.isLlm = false;
    record.promptTokens = null;
    record.completionTokens = null;
    record.cachedPromptTokens = null;
  }
}

/** Stage: every convention family read into the canonical fields (core/src/normalize). */
export const normalize: Stage = eachDelivery('normalize', (delivery) => {
  delivery.spans = delivery.flat.map((flat) => normalizeSpan(flat, delivery.projectId));
  settleRepeatedUsage(delivery.spans);
  // The flattened spans (full attributes, events) are not needed past this point.
  delivery.flat = [];
});

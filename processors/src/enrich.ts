import { createPricer, deriveSpanStatus, latencyMs, normalizeLlmSpan, readSpanContext, withoutContentAttributes } from '@lumina/core';
import type { FlatSpan, SpanRecord } from '@lumina/core';

export type Pricer = ReturnType<typeof createPricer>;

/**
 * Turns a flattened span into the stored record: canonical LLM fields, cost and status.
 * Message content read into prompt/response is dropped from `attributes` (stored once).
 * A usage wrapper (e.g. Vercel's `ai.generateText` around `doGenerate`) keeps its model and
 * content but not its usage, so that totals count each call once.
 */
export function enrichSpan(span: FlatSpan, projectId: string, pricer: Pricer): SpanRecord {
  const llm = normalizeLlmSpan(span);
  const context = readSpanContext(span);
  const isLlm = llm !== null && !llm.isUsageWrapper;
  const promptTokens = isLlm ? llm.promptTokens : null;
  const completionTokens = isLlm ? llm.completionTokens : null;
  const cachedPromptTokens = isLlm ? llm.cachedPromptTokens : null;
  const costUsd = isLlm
    ? pricer.spanCostUsd({
        provider: llm.provider,
        model: llm.model,
        promptTokens,
        completionTokens,
        cachedPromptTokens,
        customPromptTokenPriceUsd: llm.customPromptTokenPriceUsd,
        customCompletionTokenPriceUsd: llm.customCompletionTokenPriceUsd,
        // Some prices change over time (dated or time-of-day tiers): price at the call's time.
        at: new Date(Number(span.startTimeUnixNano / 1_000_000n)),
      })
    : null;
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
    statusMessage: span.statusMessage === '' ? null : span.statusMessage,
    isLlm,
    provider: llm?.provider ?? null,
    model: llm?.model ?? null,
    operation: llm?.operation ?? null,
    promptTokens,
    completionTokens,
    cachedPromptTokens,
    costUsd,
    prompt: llm?.prompt ?? null,
    response: llm?.response ?? null,
    systemPrompt: llm?.systemPrompt ?? null,
    finishReason: llm?.finishReason ?? null,
    userId: context.userId,
    sessionId: context.sessionId,
    tags: context.tags,
    // Content read into prompt/response/system_prompt is not stored twice.
    attributes: llm !== null && (llm.prompt !== null || llm.response !== null) ? withoutContentAttributes(span.attributes) : span.attributes,
    resource: span.resource,
  };
}

import type pg from 'pg';
import type { SpanKind, SpanRecord } from '@lumina/core';
import { ALL_BATCH_PARTS, createSpanWriter, settleUpkeep } from '@lumina/db';

/**
 * Test seeding through db's span writer: the very batch statement the processors run, so
 * spans, trace summaries, rollups and the search queue are written as in production. A seed
 * span is the stored row in snake_case with defaults, times in epoch ms.
 */
export interface SeedSpan {
  project_id?: string;
  trace_id: string;
  span_id: string;
  parent_span_id?: string | null;
  name?: string;
  kind?: string;
  service_name: string;
  /** epoch ms (may carry µs as a fraction) */
  start_ms: number;
  latency_ms: number;
  status?: 'ok' | 'error' | 'degraded';
  status_message?: string | null;
  is_llm?: boolean;
  provider?: string | null;
  model?: string | null;
  operation?: string | null;
  prompt_tokens?: number | null;
  completion_tokens?: number | null;
  cached_prompt_tokens?: number | null;
  cost_usd?: number | null;
  prompt?: string | null;
  response?: string | null;
  system_prompt?: string | null;
  finish_reason?: string | null;
  user_id?: string | null;
  session_id?: string | null;
  tags?: string[];
  attributes?: Record<string, unknown>;
  resource?: Record<string, unknown>;
  redactions?: Record<string, number> | null;
  quality_score?: number | null;
  quality_signals?: Record<string, { score: number; detail?: string }> | null;
}

const BATCH_SPANS = 1000;

/** A seed span as the record the processors would have built. */
export function seedRecord(span: SeedSpan): SpanRecord {
  const startUs = Math.round(span.start_ms * 1000);
  const isLlm = span.is_llm ?? span.model != null;
  return {
    projectId: span.project_id ?? 'default',
    traceId: span.trace_id,
    spanId: span.span_id,
    parentSpanId: span.parent_span_id ?? null,
    name: span.name ?? (isLlm ? `chat ${span.model}` : 'work'),
    kind: (span.kind ?? (isLlm ? 'client' : 'internal')) as SpanKind,
    serviceName: span.service_name,
    startTimeUnixNano: BigInt(startUs) * 1000n,
    endTimeUnixNano: BigInt(startUs + Math.round(span.latency_ms * 1000)) * 1000n,
    latencyMs: span.latency_ms,
    status: span.status ?? 'ok',
    statusMessage: span.status_message ?? null,
    isLlm,
    provider: span.provider ?? null,
    model: span.model ?? null,
    operation: span.operation ?? (isLlm ? 'chat' : null),
    promptTokens: span.prompt_tokens ?? null,
    completionTokens: span.completion_tokens ?? null,
    cachedPromptTokens: span.cached_prompt_tokens ?? null,
    costUsd: span.cost_usd ?? null,
    prompt: span.prompt ?? null,
    response: span.response ?? null,
    systemPrompt: span.system_prompt ?? null,
    finishReason: span.finish_reason ?? null,
    userId: span.user_id ?? null,
    sessionId: span.session_id ?? null,
    tags: span.tags ?? [],
    attributes: (span.attributes ?? {}) as SpanRecord['attributes'],
    resource: (span.resource ?? { 'service.name': span.service_name }) as SpanRecord['resource'],
    redactions: span.redactions ?? null,
    fieldSources: null,
    wrapperKind: null,
    priceSource: null,
    priceVersion: null,
    qualityScore: span.quality_score ?? null,
    qualitySignals: span.quality_signals ?? null,
  };
}

/**
 * Stores spans as the processors do (idempotently, feeding summaries, rollups and search).
 * Returns how many were new. `searchQueued`: every LLM call waits in the search queue, as text
 * the processors cannot tokenize does, instead of being indexed at once.
 */
export async function seedSpans(pool: pg.Pool, spans: SeedSpan[], options: { searchQueued?: boolean } = {}): Promise<number> {
  const writer = createSpanWriter(pool, { ...ALL_BATCH_PARTS, searchDocuments: !options.searchQueued });
  let inserted = 0;
  for (let i = 0; i < spans.length; i += BATCH_SPANS) {
    inserted += (await writer.write(spans.slice(i, i + BATCH_SPANS).map(seedRecord))).inserted;
  }
  return inserted;
}

/** Folds rollup deltas and indexes queued spans, as the upkeep process does. */
export async function runMaintenance(pool: pg.Pool): Promise<{ folded: number; indexed: number }> {
  return settleUpkeep(pool);
}

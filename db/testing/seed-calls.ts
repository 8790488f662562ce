import type pg from 'pg';
import type { SpanRecord } from '@lumina/core';
import { createSpanWriter } from '../src/write/span-writer.js';

/** One stored LLM call for tests, in the stored row's terms; everything but the ids has a default. */
export interface SeedCall {
  traceId: string;
  spanId: string;
  projectId?: string;
  service?: string;
  /** epoch ms */
  startMs?: number;
  latencyMs?: number;
  provider?: string | null;
  model?: string | null;
  prompt?: string | null;
  systemPrompt?: string | null;
  response?: string | null;
  promptTokens?: number | null;
  completionTokens?: number | null;
  costUsd?: number | null;
  attributes?: Record<string, unknown>;
  /** false for a plain (non-LLM) span */
  isLlm?: boolean;
  qualityScore?: number | null;
}

/** A seed call as the record the processors would have built. */
export function seedCallRecord(call: SeedCall): SpanRecord {
  const startMs = call.startMs ?? Date.now() - 60_000;
  const latencyMs = call.latencyMs ?? 800;
  const isLlm = call.isLlm ?? true;
  const service = call.service ?? 'checkout';
  return {
    projectId: call.projectId ?? 'default',
    traceId: call.traceId,
    spanId: call.spanId,
    parentSpanId: null,
    name: isLlm ? `chat ${call.model ?? ''}` : 'work',
    kind: isLlm ? 'client' : 'internal',
    serviceName: service,
    startTimeUnixNano: BigInt(Math.round(startMs * 1000)) * 1000n,
    endTimeUnixNano: BigInt(Math.round((startMs + latencyMs) * 1000)) * 1000n,
    latencyMs,
    status: 'ok',
    statusMessage: null,
    isLlm,
    provider: isLlm ? (call.provider === undefined ? 'openai' : call.provider) : null,
    model: isLlm ? (call.model === undefined ? 'gpt-4o-mini' : call.model) : null,
    operation: isLlm ? 'chat' : null,
    promptTokens: isLlm ? (call.promptTokens ?? 20) : null,
    completionTokens: isLlm ? (call.completionTokens ?? 10) : null,
    cachedPromptTokens: isLlm ? 0 : null,
    costUsd: isLlm ? (call.costUsd === undefined ? 0.00001 : call.costUsd) : null,
    prompt: isLlm ? (call.prompt === undefined ? 'What is the capital of France?' : call.prompt) : null,
    response: isLlm ? (call.response === undefined ? 'The capital of France is Paris.' : call.response) : null,
    systemPrompt: call.systemPrompt ?? null,
    finishReason: isLlm ? 'stop' : null,
    userId: null,
    sessionId: null,
    tags: [],
    attributes: (call.attributes ?? {}) as SpanRecord['attributes'],
    resource: { 'service.name': service },
    redactions: null,
    fieldSources: null,
    wrapperKind: null,
    priceSource: null,
    priceVersion: null,
    qualityScore: isLlm ? (call.qualityScore ?? null) : null,
    qualitySignals: null,
  };
}

/** Stores the calls through the processors' batch statement (spans and trace summaries as in production). */
export async function seedCalls(pool: pg.Pool, calls: readonly SeedCall[]): Promise<void> {
  await createSpanWriter(pool).write(calls.map(seedCallRecord));
}

import type pg from 'pg';
import { ensureSpanPartitions, utcDay } from '@lumina/db';
import type { SpanRecord } from '@lumina/core';
import { persistBatchSql } from './persist-sql.js';

/** A span record in the JSON shape the batch statement reads (column names, µs timestamps). */
function toRow(span: SpanRecord) {
  return {
    project_id: span.projectId,
    trace_id: span.traceId,
    span_id: span.spanId,
    parent_span_id: span.parentSpanId,
    name: span.name,
    kind: span.kind,
    service_name: span.serviceName,
    start_us: Number(span.startTimeUnixNano / 1000n),
    end_us: Number(span.endTimeUnixNano / 1000n),
    latency_ms: span.latencyMs,
    status: span.status,
    status_message: span.statusMessage,
    is_llm: span.isLlm,
    provider: span.provider,
    model: span.model,
    operation: span.operation,
    prompt_tokens: span.promptTokens,
    completion_tokens: span.completionTokens,
    cached_prompt_tokens: span.cachedPromptTokens,
    cost_usd: span.costUsd,
    prompt: span.prompt,
    response: span.response,
    system_prompt: span.systemPrompt,
    finish_reason: span.finishReason,
    user_id: span.userId,
    session_id: span.sessionId,
    tags: span.tags,
    attributes: span.attributes,
    resource: span.resource,
  };
}

export interface SpanWriter {
  /** Writes the spans in one transaction; returns how many were new (the rest were redeliveries). */
  write(spans: SpanRecord[]): Promise<{ inserted: number }>;
}

/** Writes span batches idempotently on (trace_id, span_id), creating day partitions as needed. */
export function createSpanWriter(pool: pg.Pool, extraCtes: string[] = []): SpanWriter {
  const sql = persistBatchSql(extraCtes);
  const knownDays = new Set<string>();
  return {
    async write(spans) {
      if (spans.length === 0) return { inserted: 0 };
      const days = new Set(spans.map((span) => utcDay(Number(span.startTimeUnixNano / 1_000_000n))));
      const missing = [...days].filter((day) => !knownDays.has(day));
      if (missing.length > 0) {
        await ensureSpanPartitions(pool, missing);
        for (const day of missing) knownDays.add(day);
      }
      const result = await pool.query<{ inserted: number }>(sql, [JSON.stringify(spans.map(toRow))]);
      return { inserted: result.rows[0]?.inserted ?? 0 };
    },
  };
}

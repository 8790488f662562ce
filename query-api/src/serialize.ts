import type { ApiFeedback, ApiSpan } from './schemas/span.js';
import type { TraceSummary } from './schemas/trace.js';
import type { FeedbackRow, SpanRow, TraceRow } from '@lumina/db';
import { spanException, type Attributes } from '@lumina/core';

/** Stored span events in time order, each with an ISO time beside the exact nanoseconds. */
function toApiEvents(row: SpanRow): ApiSpan['events'] {
  const events = [...(row.events ?? [])].sort((a, b) => (BigInt(a.time_unix_nano) < BigInt(b.time_unix_nano) ? -1 : BigInt(a.time_unix_nano) > BigInt(b.time_unix_nano) ? 1 : 0));
  return events.map((event) => ({
    name: event.name,
    time: new Date(Number(BigInt(event.time_unix_nano) / 1_000_000n)).toISOString(),
    time_unix_nano: event.time_unix_nano,
    attributes: event.attributes,
  }));
}

/** A stored span as API.md serves it: LLM fields null unless the span is an LLM call. */
export function toApiSpan(row: SpanRow): ApiSpan {
  const llm = row.is_llm;
  return {
    trace_id: row.trace_id,
    span_id: row.span_id,
    parent_span_id: row.parent_span_id,
    name: row.name,
    kind: row.kind,
    service_name: row.service_name,
    start_time: row.start_time.toISOString(),
    end_time: row.end_time.toISOString(),
    latency_ms: row.latency_ms,
    status: row.status,
    status_message: row.status_message,
    provider: llm ? row.provider : null,
    model: llm ? row.model : null,
    operation: llm ? row.operation : null,
    prompt_tokens: llm ? row.prompt_tokens : null,
    completion_tokens: llm ? row.completion_tokens : null,
    cached_prompt_tokens: llm ? row.cached_prompt_tokens : null,
    cost_usd: llm ? row.cost_usd : null,
    prompt: llm ? row.prompt : null,
    response: llm ? row.response : null,
    system_prompt: llm ? row.system_prompt : null,
    finish_reason: llm ? row.finish_reason : null,
    tool_calls: llm ? row.tool_calls : null,
    user_id: llm ? row.user_id : null,
    session_id: llm ? row.session_id : null,
    tags: row.tags,
    attributes: row.attributes,
    resource: row.resource,
    events: toApiEvents(row),
    exception: spanException((row.events ?? []) as { name: string; attributes: Attributes }[]),
    feedback: row.feedback.map(toApiFeedback),
    redactions: row.redactions,
    field_sources: llm ? row.field_sources : null,
    price_source: llm ? row.price_source : null,
    price_version: llm ? row.price_version : null,
    quality_score: llm ? row.quality_score : null,
    quality_signals: llm ? row.quality_signals : null,
  };
}

/** Stored feedback as API.md serves it (times in ISO 8601 UTC). */
export function toApiFeedback(row: FeedbackRow | { score: number; comment: string | null; source: string; created_at: string | Date }): ApiFeedback {
  return { score: row.score, comment: row.comment, source: row.source, created_at: new Date(row.created_at).toISOString() };
}

export function toTraceSummary(row: TraceRow): TraceSummary {
  return {
    trace_id: row.trace_id,
    service_name: row.service_name,
    root_span_name: row.root_span_name,
    start_time: row.start_time.toISOString(),
    end_time: row.end_time.toISOString(),
    duration_ms: row.duration_ms,
    span_count: row.span_count,
    llm_call_count: row.llm_call_count,
    models: row.models,
    providers: row.providers,
    total_cost_usd: row.total_cost_usd,
    prompt_tokens: row.prompt_tokens,
    completion_tokens: row.completion_tokens,
    status: row.status,
    user_id: row.user_id,
    session_id: row.session_id,
    tags: row.tags,
    quality_score: row.quality_score,
  };
}

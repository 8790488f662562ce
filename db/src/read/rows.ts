/** Columns of the list and detail reads, with exact µs start times for cursors and OTLP. */
export const TRACE_COLUMNS = `t.trace_id, t.service_name, t.root_span_name, t.start_time, t.end_time, t.duration_ms,
  t.span_count, t.llm_call_count, t.models, t.providers, t.total_cost_usd, t.prompt_tokens::float8 AS prompt_tokens,
  t.completion_tokens::float8 AS completion_tokens, t.status, t.user_id, t.session_id, t.tags, t.quality_score,
  (extract(epoch FROM t.start_time) * 1000000)::bigint::text AS start_us,
  (extract(epoch FROM t.end_time) * 1000000)::bigint::text AS end_us`;

export const SPAN_COLUMNS = `s.trace_id, s.span_id, s.parent_span_id, s.name, s.kind, s.service_name, s.start_time,
  s.end_time, s.latency_ms, s.status, s.status_message, s.is_llm, s.provider, s.model, s.operation, s.prompt_tokens,
  s.completion_tokens, s.cached_prompt_tokens, s.cost_usd, s.prompt, s.response, s.system_prompt, s.finish_reason,
  s.user_id, s.session_id, s.tags, s.attributes, s.resource, s.redactions, s.field_sources, s.price_source, s.price_version,
  s.quality_score, s.quality_signals,
  s.events, s.tool_calls,
  (SELECT coalesce(json_agg(json_build_object('score', f.score, 'comment', f.comment, 'source', f.source, 'created_at', f.created_at)
     ORDER BY f.created_at DESC, f.feedback_id DESC), '[]')
   FROM span_feedback AS f WHERE f.project_id = s.project_id AND f.trace_id = s.trace_id AND f.span_id = s.span_id) AS feedback,
  (extract(epoch FROM s.start_time) * 1000000)::bigint::text AS start_us,
  (extract(epoch FROM s.end_time) * 1000000)::bigint::text AS end_us`;

/** A µs-since-epoch parameter as a timestamptz, without float rounding. */
export const fromMicros = (placeholder: string) => `(timestamptz 'epoch' + ${placeholder}::bigint * interval '1 microsecond')`;

export interface TraceRow {
  trace_id: string;
  service_name: string;
  root_span_name: string | null;
  start_time: Date;
  end_time: Date;
  duration_ms: number;
  span_count: number;
  llm_call_count: number;
  models: string[];
  providers: string[];
  total_cost_usd: number;
  prompt_tokens: number;
  completion_tokens: number;
  status: 'ok' | 'error' | 'degraded';
  user_id: string | null;
  session_id: string | null;
  tags: string[];
  /** the worst LLM call's score; null without scored calls */
  quality_score: number | null;
  start_us: string;
  end_us: string;
}

export interface SpanRow {
  trace_id: string;
  span_id: string;
  parent_span_id: string | null;
  name: string;
  kind: string;
  service_name: string;
  start_time: Date;
  end_time: Date;
  latency_ms: number;
  status: 'ok' | 'error' | 'degraded';
  status_message: string | null;
  is_llm: boolean;
  provider: string | null;
  model: string | null;
  operation: string | null;
  prompt_tokens: number | null;
  completion_tokens: number | null;
  cached_prompt_tokens: number | null;
  cost_usd: number | null;
  prompt: string | null;
  response: string | null;
  system_prompt: string | null;
  finish_reason: string | null;
  user_id: string | null;
  session_id: string | null;
  tags: string[];
  attributes: Record<string, unknown>;
  resource: Record<string, unknown>;
  redactions: Record<string, number> | null;
  field_sources: Record<string, string> | null;
  price_source: string | null;
  price_version: string | null;
  quality_score: number | null;
  quality_signals: Record<string, { score: number; detail?: string }> | null;
  /** the span's own events as stored: [{name, time_unix_nano, attributes}] */
  events: { name: string; time_unix_nano: string; attributes: Record<string, unknown> }[] | null;
  /** tool calls the model asked for (from gen_ai events): [{id, name, arguments}] */
  tool_calls: { id: string | null; name: string | null; arguments: unknown }[] | null;
  /** newest first; created_at as JSON text */
  feedback: FeedbackRow[];
  start_us: string;
  end_us: string;
}

/** One piece of feedback on a span, as stored. */
export interface FeedbackRow {
  score: number;
  comment: string | null;
  source: string;
  created_at: string;
}

import pg from 'pg';
import { COMPACT_SPAN_ROLLUPS_SQL, INDEX_SPAN_SEARCH_SQL, INS_COLUMNS_READ, QUERY_SIDE_CTES, ensureSpanPartitions, utcDay } from '@lumina/db';

/**
 * Test seeding straight into Postgres, through the very CTEs the processors splice into
 * their batch statement (db/src/rollup-sql.ts), over an `ins` returning only the columns
 * the contract promises, so rollups and the search queue are fed as in production. Trace
 * summaries are recomputed from the stored spans.
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
}

const COLUMNS = `project_id text, trace_id text, span_id text, parent_span_id text, name text, kind text,
  service_name text, start_us bigint, end_us bigint, latency_ms double precision, status text,
  status_message text, is_llm boolean, provider text, model text, operation text,
  prompt_tokens integer, completion_tokens integer, cached_prompt_tokens integer,
  cost_usd double precision, prompt text, response text, system_prompt text, finish_reason text,
  user_id text, session_id text, tags text[], attributes jsonb, resource jsonb`;

const INSERT_SQL = `WITH ins AS (
  INSERT INTO spans (project_id, trace_id, span_id, parent_span_id, name, kind, service_name,
    start_time, end_time, latency_ms, status, status_message, is_llm, provider, model, operation,
    prompt_tokens, completion_tokens, cached_prompt_tokens, cost_usd, prompt, response,
    system_prompt, finish_reason, user_id, session_id, tags, attributes, resource)
  SELECT project_id, trace_id, span_id, parent_span_id, name, kind, service_name,
    timestamptz 'epoch' + start_us * interval '1 microsecond', timestamptz 'epoch' + end_us * interval '1 microsecond',
    latency_ms, status, status_message, is_llm, provider, model, operation,
    prompt_tokens, completion_tokens, cached_prompt_tokens, cost_usd, prompt, response,
    system_prompt, finish_reason, user_id, session_id, coalesce(tags, '{}'), coalesce(attributes, '{}'), coalesce(resource, '{}')
  FROM json_to_recordset($1::json) AS r(${COLUMNS})
  ON CONFLICT DO NOTHING
  RETURNING ${INS_COLUMNS_READ.join(', ')}
),
${QUERY_SIDE_CTES.join(',\n')}
SELECT count(*)::int AS inserted FROM ins`;

/** Recomputes the summaries of the given traces from their spans (what the processors maintain incrementally). */
const REFRESH_TRACES_SQL = `INSERT INTO traces AS t (project_id, trace_id, service_name, root_span_name, has_root, start_time,
    end_time, span_count, llm_call_count, error_count, degraded_count, models, providers, total_cost_usd,
    prompt_tokens, completion_tokens, user_id, session_id, tags)
  SELECT project_id, trace_id,
    (array_agg(service_name ORDER BY parent_span_id IS NULL DESC, start_time))[1],
    (array_agg(name) FILTER (WHERE parent_span_id IS NULL))[1],
    bool_or(parent_span_id IS NULL), min(start_time), max(end_time), count(*),
    count(*) FILTER (WHERE is_llm), count(*) FILTER (WHERE status = 'error'), count(*) FILTER (WHERE status = 'degraded'),
    coalesce(array_agg(DISTINCT model) FILTER (WHERE model IS NOT NULL), '{}'),
    coalesce(array_agg(DISTINCT provider) FILTER (WHERE provider IS NOT NULL), '{}'),
    coalesce(sum(cost_usd), 0), coalesce(sum(prompt_tokens), 0), coalesce(sum(completion_tokens), 0),
    (array_agg(user_id ORDER BY start_time) FILTER (WHERE user_id IS NOT NULL))[1],
    (array_agg(session_id ORDER BY start_time) FILTER (WHERE session_id IS NOT NULL))[1],
    coalesce((SELECT array_agg(DISTINCT tag ORDER BY tag) FROM spans s2, unnest(s2.tags) AS tag
              WHERE s2.project_id = s.project_id AND s2.trace_id = s.trace_id), '{}')
  FROM spans AS s
  WHERE trace_id = ANY($1::text[])
  GROUP BY project_id, trace_id
  ON CONFLICT (project_id, trace_id) DO UPDATE SET
    service_name = EXCLUDED.service_name, root_span_name = EXCLUDED.root_span_name, has_root = EXCLUDED.has_root,
    start_time = EXCLUDED.start_time, end_time = EXCLUDED.end_time, span_count = EXCLUDED.span_count,
    llm_call_count = EXCLUDED.llm_call_count, error_count = EXCLUDED.error_count, degraded_count = EXCLUDED.degraded_count,
    models = EXCLUDED.models, providers = EXCLUDED.providers, total_cost_usd = EXCLUDED.total_cost_usd,
    prompt_tokens = EXCLUDED.prompt_tokens, completion_tokens = EXCLUDED.completion_tokens,
    user_id = EXCLUDED.user_id, session_id = EXCLUDED.session_id, tags = EXCLUDED.tags`;

function toRow(span: SeedSpan) {
  const startUs = Math.round(span.start_ms * 1000);
  const isLlm = span.is_llm ?? span.model != null;
  return {
    project_id: span.project_id ?? 'default',
    trace_id: span.trace_id,
    span_id: span.span_id,
    parent_span_id: span.parent_span_id ?? null,
    name: span.name ?? (isLlm ? `chat ${span.model}` : 'work'),
    kind: span.kind ?? (isLlm ? 'client' : 'internal'),
    service_name: span.service_name,
    start_us: startUs,
    end_us: startUs + Math.round(span.latency_ms * 1000),
    latency_ms: span.latency_ms,
    status: span.status ?? 'ok',
    status_message: span.status_message ?? null,
    is_llm: isLlm,
    provider: span.provider ?? null,
    model: span.model ?? null,
    operation: span.operation ?? (isLlm ? 'chat' : null),
    prompt_tokens: span.prompt_tokens ?? null,
    completion_tokens: span.completion_tokens ?? null,
    cached_prompt_tokens: span.cached_prompt_tokens ?? null,
    cost_usd: span.cost_usd ?? null,
    prompt: span.prompt ?? null,
    response: span.response ?? null,
    system_prompt: span.system_prompt ?? null,
    finish_reason: span.finish_reason ?? null,
    user_id: span.user_id ?? null,
    session_id: span.session_id ?? null,
    tags: span.tags ?? [],
    attributes: span.attributes ?? {},
    resource: span.resource ?? { 'service.name': span.service_name },
  };
}

/** Stores spans like the processors do (idempotently, feeding rollups and search) and refreshes their traces. Returns how many were new. */
export async function seedSpans(pool: pg.Pool, spans: SeedSpan[]): Promise<number> {
  if (spans.length === 0) return 0;
  await ensureSpanPartitions(pool, spans.map((span) => utcDay(span.start_ms)));
  let inserted = 0;
  for (let i = 0; i < spans.length; i += 1000) {
    const batch = spans.slice(i, i + 1000);
    const result = await pool.query<{ inserted: number }>(INSERT_SQL, [JSON.stringify(batch.map(toRow))]);
    inserted += result.rows[0]?.inserted ?? 0;
  }
  await pool.query(REFRESH_TRACES_SQL, [[...new Set(spans.map((span) => span.trace_id))]]);
  return inserted;
}

/** Folds rollup deltas and indexes queued spans, as the background jobs do. */
export async function runMaintenance(pool: pg.Pool): Promise<{ folded: number; indexed: number }> {
  const folded = await pool.query<{ folded: string }>(COMPACT_SPAN_ROLLUPS_SQL);
  let indexed = 0;
  for (;;) {
    const result = await pool.query<{ indexed: number }>(INDEX_SPAN_SEARCH_SQL, [1000]);
    indexed += result.rows[0]?.indexed ?? 0;
    if ((result.rows[0]?.indexed ?? 0) < 1000) break;
  }
  return { folded: Number(folded.rows[0]?.folded ?? 0), indexed };
}

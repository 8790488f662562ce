import type { SpanFilters } from './params/span-filters.js';
import type { SqlParams } from './sql/params.js';

/**
 * The list filters of API.md as SQL, one row per filter: how it reads on a trace summary
 * (`t`) and on a span (`s`). Values always travel as parameters.
 */
type ScalarFilter = Exclude<keyof SpanFilters, 'q'>;

interface FilterSql {
  /** Postgres type of the parameter, when it cannot be inferred */
  type?: string;
  trace: (value: string) => string;
  span: (value: string) => string;
}

const FILTERS: Record<ScalarFilter, FilterSql> = {
  service: { trace: (v) => `t.service_name = ${v}`, span: (v) => `s.service_name = ${v}` },
  model: { type: 'text', trace: (v) => `t.models @> ARRAY[${v}]`, span: (v) => `s.model = ${v}` },
  provider: { type: 'text', trace: (v) => `t.providers @> ARRAY[${v}]`, span: (v) => `s.provider = ${v}` },
  status: { trace: (v) => `t.status = ${v}`, span: (v) => `s.status = ${v}` },
  tag: { type: 'text[]', trace: (v) => `t.tags @> ${v}`, span: (v) => `s.tags @> ${v}` },
  // On spans, user and session are LLM fields (null on other spans, API.md), so they filter LLM calls.
  user_id: { trace: (v) => `t.user_id = ${v}`, span: (v) => `s.is_llm AND s.user_id = ${v}` },
  session_id: { trace: (v) => `t.session_id = ${v}`, span: (v) => `s.is_llm AND s.session_id = ${v}` },
  from: { type: 'timestamptz', trace: (v) => `t.start_time >= ${v}`, span: (v) => `s.start_time >= ${v}` },
  to: { type: 'timestamptz', trace: (v) => `t.start_time < ${v}`, span: (v) => `s.start_time < ${v}` },
  min_cost: { type: 'float8', trace: (v) => `t.total_cost_usd >= ${v}`, span: (v) => `s.cost_usd >= ${v}` },
  max_cost: { type: 'float8', trace: (v) => `t.total_cost_usd <= ${v}`, span: (v) => `s.cost_usd <= ${v}` },
  min_latency: { type: 'float8', trace: (v) => `t.duration_ms >= ${v}`, span: (v) => `s.latency_ms >= ${v}` },
  max_latency: { type: 'float8', trace: (v) => `t.duration_ms <= ${v}`, span: (v) => `s.latency_ms <= ${v}` },
};

/** Spans of not yet indexed text are searched directly, up to this many (the indexer keeps the queue short). */
export const PENDING_SEARCH_LIMIT = 10_000;

/** (trace_id, span_id, start_time) of the spans whose prompt or response matches `q`. */
function matchingSpansSql(q: string, project: string, filters: SpanFilters, params: SqlParams): string {
  const query = `lumina_search_query(${params.add(q, 'text')})`;
  const bounds = (column: string) =>
    [
      filters.from ? ` AND ${column} >= ${params.add(filters.from, 'timestamptz')}` : '',
      filters.to ? ` AND ${column} < ${params.add(filters.to, 'timestamptz')}` : '',
    ].join('');
  return `SELECT d.trace_id, d.span_id, d.start_time FROM span_search AS d
      WHERE d.project_id = ${project} AND d.document @@ ${query}${bounds('d.start_time')}
    UNION ALL
    SELECT s2.trace_id, s2.span_id, s2.start_time
      FROM (SELECT trace_id, span_id, start_time FROM span_search_queue
            WHERE project_id = ${project}${bounds('start_time')} LIMIT ${PENDING_SEARCH_LIMIT}) AS pending
      JOIN spans AS s2 ON s2.project_id = ${project} AND s2.trace_id = pending.trace_id
        AND s2.span_id = pending.span_id AND s2.start_time = pending.start_time
      WHERE lumina_search_document(s2.prompt, s2.response) @@ ${query}`;
}

/** Conditions on `traces AS t`; a trace matches `q` when any of its spans does. */
export function traceConditions(filters: SpanFilters, project: string, params: SqlParams): string[] {
  const conditions = scalarConditions(filters, params, 'trace');
  if (filters.q !== undefined) {
    // A span starts no earlier than its trace, so `from` bounds the spans too; `to` does not.
    const spanBounds: SpanFilters = filters.from ? { from: filters.from } : {};
    conditions.push(`t.trace_id IN (SELECT m.trace_id FROM (${matchingSpansSql(filters.q, project, spanBounds, params)}) AS m)`);
  }
  return conditions;
}

/** Conditions on `spans AS s`. */
export function spanConditions(filters: SpanFilters, project: string, params: SqlParams): string[] {
  const conditions = scalarConditions(filters, params, 'span');
  if (filters.q !== undefined) {
    conditions.push(`(s.trace_id, s.span_id, s.start_time) IN (SELECT m.trace_id, m.span_id, m.start_time FROM (${matchingSpansSql(filters.q, project, filters, params)}) AS m)`);
  }
  return conditions;
}

function scalarConditions(filters: SpanFilters, params: SqlParams, target: 'trace' | 'span'): string[] {
  const conditions: string[] = [];
  for (const [name, sql] of Object.entries(FILTERS) as Array<[ScalarFilter, FilterSql]>) {
    const value = filters[name];
    if (value !== undefined) conditions.push(sql[target](params.add(value, sql.type)));
  }
  return conditions;
}

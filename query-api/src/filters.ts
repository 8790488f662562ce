import type { SpanFilters } from './params/span-filters.js';
import { pendingMatchesSql, timeBounds, type SearchPlan } from './search.js';
import { fromMicros, type SqlParams } from '@lumina/db';

/**
 * The list filters of API.md as SQL, one row per filter: how it reads on a trace summary
 * (`t`) and on a span (`s`). Values always travel as parameters.
 */
type ScalarFilter = Exclude<keyof SpanFilters, 'q' | 'min_feedback' | 'max_feedback'>; // q: see search.ts; feedback: below

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
  // A trace's quality is its worst LLM call's score (traces.quality_score).
  quality_min: { type: 'float8', trace: (v) => `t.quality_score >= ${v}`, span: (v) => `s.quality_score >= ${v}` },
  quality_max: { type: 'float8', trace: (v) => `t.quality_score <= ${v}`, span: (v) => `s.quality_score <= ${v}` },
};

/** The `q` condition on `traces AS t`: a trace matches when any of its spans does. */
function traceSearchCondition(search: SearchPlan, filters: SpanFilters, project: string, params: SqlParams): string {
  if (search.kind === 'matches') return `t.trace_id = ANY(${params.add([...new Set(search.traceIds)], 'text[]')})`;
  const query = `lumina_search_query(${params.add(search.q, 'text')})`;
  // The span bounds let the probe prune span_search to the day partitions of the trace.
  return `(EXISTS (SELECT 1 FROM span_search AS d WHERE d.project_id = t.project_id AND d.trace_id = t.trace_id
        AND d.start_time >= t.start_time AND d.start_time <= t.end_time AND d.document @@ ${query})
    OR t.trace_id IN (SELECT p.trace_id FROM (${pendingMatchesSql(project, query, timeBounds(filters, params, false))}) AS p))`;
}

/**
 * The FROM of a span list: the spans table, or, when `q` matched few spans, those spans
 * looked up one by one by key, in list order (`m.position`, see spanOrder). LIMIT 1 keeps
 * each lookup an index probe (the planner would otherwise rather scan the whole range to
 * hash against the list), and the start time confines it to the day partition of the span.
 */
export function spanSource(search: SearchPlan | null, project: string, params: SqlParams): string {
  if (search?.kind !== 'matches') return 'spans AS s';
  return `unnest(${params.add(search.traceIds, 'text[]')}, ${params.add(search.spanIds, 'text[]')}, ${params.add(search.startUs, 'bigint[]')})
  WITH ORDINALITY AS m (trace_id, span_id, start_us, position)
CROSS JOIN LATERAL (SELECT * FROM spans WHERE project_id = ${project} AND trace_id = m.trace_id AND span_id = m.span_id
  AND start_time = ${fromMicros('m.start_us')} LIMIT 1) AS s`;
}

/** ORDER BY of a span list: newest first; collected matches are already in that order, so walking them stops at a full page. */
export function spanOrder(search: SearchPlan | null): string {
  return search?.kind === 'matches' ? 'm.position' : 's.start_time DESC, s.span_id DESC, s.trace_id DESC';
}

/** The `q` condition on `spans AS s` when probing (matches are joined by spanSource). */
function spanSearchCondition(search: SearchPlan, filters: SpanFilters, project: string, params: SqlParams): string | null {
  if (search.kind === 'matches') return null;
  const query = `lumina_search_query(${params.add(search.q, 'text')})`;
  return `(EXISTS (SELECT 1 FROM span_search AS d WHERE d.project_id = s.project_id AND d.trace_id = s.trace_id
        AND d.span_id = s.span_id AND d.start_time = s.start_time AND d.document @@ ${query})
    OR (s.trace_id, s.span_id) IN (SELECT p.trace_id, p.span_id FROM (${pendingMatchesSql(project, query, timeBounds(filters, params, true))}) AS p))`;
}

/** Conditions on `traces AS t`; `search` is the plan for `q` (planSearch). */
export function traceConditions(filters: SpanFilters, search: SearchPlan | null, project: string, params: SqlParams): string[] {
  const conditions = scalarConditions(filters, params, 'trace');
  if (search) conditions.push(traceSearchCondition(search, filters, project, params));
  return conditions;
}

/** Conditions on `spans AS s` (from spanSource); `search` is the plan for `q` (planSearch). */
export function spanConditions(filters: SpanFilters, search: SearchPlan | null, project: string, params: SqlParams): string[] {
  const conditions = scalarConditions(filters, params, 'span');
  const searchCondition = search ? spanSearchCondition(search, filters, project, params) : null;
  if (searchCondition) conditions.push(searchCondition);
  return conditions;
}

function scalarConditions(filters: SpanFilters, params: SqlParams, target: 'trace' | 'span'): string[] {
  const conditions: string[] = [];
  for (const [name, sql] of Object.entries(FILTERS) as Array<[ScalarFilter, FilterSql]>) {
    const value = filters[name];
    if (value !== undefined) conditions.push(sql[target](params.add(value, sql.type)));
  }
  const feedback = feedbackCondition(filters, params, target);
  if (feedback) conditions.push(feedback);
  return conditions;
}

/**
 * Feedback lives beside the spans (span_feedback): a span, or a trace, matches when one piece
 * of its feedback lies within both bounds (not one piece above the minimum and another below the maximum).
 */
function feedbackCondition(filters: SpanFilters, params: SqlParams, target: 'trace' | 'span'): string | null {
  const bounds = [
    ...(filters.min_feedback !== undefined ? [`f.score >= ${params.add(filters.min_feedback, 'float8')}`] : []),
    ...(filters.max_feedback !== undefined ? [`f.score <= ${params.add(filters.max_feedback, 'float8')}`] : []),
  ];
  if (bounds.length === 0) return null;
  const owner = target === 'trace' ? 'f.project_id = t.project_id AND f.trace_id = t.trace_id' : 'f.project_id = s.project_id AND f.trace_id = s.trace_id AND f.span_id = s.span_id';
  return `EXISTS (SELECT 1 FROM span_feedback AS f WHERE ${owner} AND ${bounds.join(' AND ')})`;
}

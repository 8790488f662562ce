import { COPIED_SELECT_SQL, INS_COLUMNS } from './direct-copy.js';
import { searchQueueCte, SPAN_ROLLUP_CTE, SPAN_SEARCH_CTE, SPAN_SEARCH_QUEUE_ONLY_CTE } from './rollup-sql.js';
import { SPAN_INSERT_COLUMNS, STAGING_COLUMNS_SQL, STAGING_SELECT_SQL, STAGING_TABLE } from './staging-columns.js';

/**
 * The whole batch statement, in one place: insert the staged spans (a redelivered span is
 * skipped by the key), then fold only the rows actually inserted (`ins`) into the per-trace
 * summaries, the rollup deltas and the search queue. Because all of it is one statement, a
 * redelivery can never count a span twice.
 */

export { STAGING_TABLE };

/** The columns of inserted rows that the summaries, rollups and search queue read (not the text: that would copy every row again). */
const RETURNED_COLUMNS = INS_COLUMNS.join(', ');

const INSERT_SPANS = `
ins AS (
  INSERT INTO spans (${SPAN_INSERT_COLUMNS.join(', ')})
  SELECT ${STAGING_SELECT_SQL}
  FROM ${STAGING_TABLE}
  ON CONFLICT DO NOTHING
  RETURNING ${RETURNED_COLUMNS}
)`;

const TRACE_DELTAS = `
trace_tags AS (
  SELECT project_id, trace_id, array_agg(DISTINCT tag ORDER BY tag) AS tags
  FROM ins, unnest(ins.tags) AS tag GROUP BY project_id, trace_id
),
trace_delta AS (
  SELECT project_id, trace_id,
    (array_agg(service_name ORDER BY parent_span_id IS NULL DESC, start_time))[1] AS service_name,
    (array_agg(name) FILTER (WHERE parent_span_id IS NULL))[1] AS root_span_name,
    bool_or(parent_span_id IS NULL) AS has_root,
    min(start_time) AS start_time, max(end_time) AS end_time,
    count(*) AS span_count,
    count(*) FILTER (WHERE is_llm) AS llm_call_count,
    count(*) FILTER (WHERE is_llm AND wrapper_kind IS NOT NULL) AS open_wrappers,
    count(*) FILTER (WHERE status = 'error') AS error_count,
    count(*) FILTER (WHERE status = 'degraded') AS degraded_count,
    coalesce(array_agg(DISTINCT model) FILTER (WHERE model IS NOT NULL), '{}') AS models,
    coalesce(array_agg(DISTINCT provider) FILTER (WHERE provider IS NOT NULL), '{}') AS providers,
    coalesce(sum(cost_usd), 0) AS total_cost_usd,
    coalesce(sum(prompt_tokens), 0) AS prompt_tokens,
    coalesce(sum(completion_tokens), 0) AS completion_tokens,
    min(quality_score) AS quality_score,
    (array_agg(user_id ORDER BY start_time) FILTER (WHERE user_id IS NOT NULL))[1] AS user_id,
    (array_agg(session_id ORDER BY start_time) FILTER (WHERE session_id IS NOT NULL))[1] AS session_id
  FROM ins GROUP BY project_id, trace_id
),
trace_upsert AS (
  INSERT INTO traces AS t (project_id, trace_id, service_name, root_span_name, has_root, start_time,
    end_time, span_count, llm_call_count, open_wrappers, error_count, degraded_count, models, providers,
    total_cost_usd, prompt_tokens, completion_tokens, user_id, session_id, tags, quality_score)
  SELECT d.project_id, d.trace_id, d.service_name, d.root_span_name, d.has_root, d.start_time,
    d.end_time, d.span_count, d.llm_call_count, d.open_wrappers, d.error_count, d.degraded_count, d.models,
    d.providers, d.total_cost_usd, d.prompt_tokens, d.completion_tokens, d.user_id, d.session_id,
    coalesce(tt.tags, '{}'), d.quality_score
  FROM trace_delta d LEFT JOIN trace_tags tt USING (project_id, trace_id)
  ORDER BY d.project_id, d.trace_id
  ON CONFLICT (project_id, trace_id) DO UPDATE SET
    service_name = CASE WHEN EXCLUDED.has_root AND NOT t.has_root THEN EXCLUDED.service_name ELSE t.service_name END,
    root_span_name = coalesce(t.root_span_name, EXCLUDED.root_span_name),
    has_root = t.has_root OR EXCLUDED.has_root,
    start_time = least(t.start_time, EXCLUDED.start_time),
    end_time = greatest(t.end_time, EXCLUDED.end_time),
    span_count = t.span_count + EXCLUDED.span_count,
    llm_call_count = t.llm_call_count + EXCLUDED.llm_call_count,
    open_wrappers = t.open_wrappers + EXCLUDED.open_wrappers,
    error_count = t.error_count + EXCLUDED.error_count,
    degraded_count = t.degraded_count + EXCLUDED.degraded_count,
    models = ARRAY(SELECT DISTINCT m FROM unnest(t.models || EXCLUDED.models) AS m ORDER BY m),
    providers = ARRAY(SELECT DISTINCT p FROM unnest(t.providers || EXCLUDED.providers) AS p ORDER BY p),
    total_cost_usd = t.total_cost_usd + EXCLUDED.total_cost_usd,
    prompt_tokens = t.prompt_tokens + EXCLUDED.prompt_tokens,
    completion_tokens = t.completion_tokens + EXCLUDED.completion_tokens,
    user_id = coalesce(t.user_id, EXCLUDED.user_id),
    session_id = coalesce(t.session_id, EXCLUDED.session_id),
    tags = ARRAY(SELECT DISTINCT g FROM unnest(t.tags || EXCLUDED.tags) AS g ORDER BY g),
    quality_score = least(t.quality_score, EXCLUDED.quality_score),
    updated_at = now()
  RETURNING t.project_id, t.trace_id, t.open_wrappers
)`;

/**
 * gen_ai log events that arrived before their span wait in pending_log_events; a span just
 * stored asks the join job to look at them now rather than at their next scheduled check.
 */
const NUDGE_PENDING_EVENTS = `
pending_nudge AS (
  UPDATE pending_log_events AS p SET next_check_at = now()
  FROM ins WHERE p.project_id = ins.project_id AND p.trace_id = ins.trace_id AND p.span_id = ins.span_id
    AND p.next_check_at > now()
  RETURNING 1
)`;

/** Creates the session's staging table; its rows vanish at each commit. */
export const CREATE_STAGING_SQL = `CREATE TEMP TABLE IF NOT EXISTS ${STAGING_TABLE} (${STAGING_COLUMNS_SQL}) ON COMMIT DELETE ROWS`;

/** Which write-side CTEs the statement carries (benches measure what each costs; production writes all). */
export interface BatchParts {
  rollups: boolean;
  searchQueue: boolean;
  /** ready search documents from the processors go straight to span_search (false: every LLM call is queued for Postgres to index) */
  searchDocuments: boolean;
}

export const ALL_BATCH_PARTS: BatchParts = { rollups: true, searchQueue: true, searchDocuments: true };

/**
 * A first delivery's rows were COPYed straight into `spans` (and its ready documents into
 * `span_search`), which fails as a whole on any span already stored: so every one is new, and
 * the summaries read the narrow copy of them (direct-copy.ts) as `ins`. LLM calls without a
 * ready document are queued for the indexer.
 */
const COPIED_SPANS = `
ins AS (${COPIED_SELECT_SQL})`;

const COPIED_SEARCH_QUEUE = searchQueueCte('ins', 'is_llm AND NOT has_document');

/**
 * The batch statement over the staged rows (`copied`: over the rows COPYed straight in);
 * returns `inserted` (new spans), `traces` (summaries touched) and `open_traces`: the touched
 * traces that still have counted wrappers (`[[project_id, trace_id], …]`, usually empty),
 * which the writer settles next.
 */
export function batchStatementSql(parts: BatchParts = ALL_BATCH_PARTS, copied = false): string {
  const search = copied ? COPIED_SEARCH_QUEUE : parts.searchDocuments ? SPAN_SEARCH_CTE : SPAN_SEARCH_QUEUE_ONLY_CTE;
  const ctes = [copied ? COPIED_SPANS : INSERT_SPANS, TRACE_DELTAS, NUDGE_PENDING_EVENTS, ...(parts.rollups ? [SPAN_ROLLUP_CTE] : []), ...(parts.searchQueue ? [search] : [])];
  return `WITH ${ctes.join(',\n')}\nSELECT (SELECT count(*) FROM ins)::int AS inserted, (SELECT count(*) FROM trace_upsert)::int AS traces,
  (SELECT coalesce(json_agg(json_build_array(project_id, trace_id)), '[]') FROM trace_upsert WHERE open_wrappers > 0) AS open_traces`;
}

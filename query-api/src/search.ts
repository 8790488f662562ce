import type { Database } from './database.js';
import type { SpanFilters } from './params/span-filters.js';
import { SqlParams } from '@lumina/db';

/**
 * How a list applies `q`. A rare phrase matches few spans: collect them all through the
 * GIN index and keep the rows among them (cost grows with the matches). A common phrase
 * matches many: walk the list newest first and probe each row by its ids instead (cost
 * grows with the rows walked until a page is full, which is few when matches are common).
 * One capped read of the matches tells which case this is. Span lists collect more,
 * because they walk collected matches newest first and stop at a full page, while other
 * filters can make probing walk far.
 */
export type SearchPlan =
  /** every matching span, by (trace_id, span_id, start µs), newest first */
  | { kind: 'matches'; traceIds: string[]; spanIds: string[]; startUs: string[] }
  | { kind: 'probe'; q: string };

/** Above this many matching spans, probing beats collecting: for trace lists, for span lists. */
export const COLLECT_LIMIT = { traces: 5_000, spans: 50_000 } as const;

/**
 * Not yet indexed spans are searched directly, up to this many: the indexer normally keeps
 * the queue far shorter, and during a backlog a search must stay fast.
 */
export const PENDING_SEARCH_LIMIT = 2_000;

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
/** Non-negative integers as digit strings, compared as numbers. */
const compareDigits = (a: string, b: string) => a.length - b.length || compareText(a, b);

/** Keys of queued (not yet indexed) spans whose text matches; `query` is a tsquery SQL expression. */
export function pendingMatchesSql(project: string, query: string, bounds: (column: string) => string): string {
  return `SELECT s2.trace_id, s2.span_id, s2.start_time
      FROM (SELECT trace_id, span_id, start_time FROM span_search_queue
            WHERE project_id = ${project}${bounds('start_time')} LIMIT ${PENDING_SEARCH_LIMIT}) AS pending
      JOIN spans AS s2 ON s2.project_id = ${project} AND s2.trace_id = pending.trace_id
        AND s2.span_id = pending.span_id AND s2.start_time = pending.start_time
      WHERE lumina_search_document(s2.prompt, s2.response) @@ ${query}`;
}

/** `AND col >= from AND col < to` for the filters' time range (or only `from`). */
export function timeBounds(filters: Pick<SpanFilters, 'from' | 'to'>, params: SqlParams, withTo: boolean) {
  return (column: string) =>
    [
      filters.from ? ` AND ${column} >= ${params.add(filters.from, 'timestamptz')}` : '',
      withTo && filters.to ? ` AND ${column} < ${params.add(filters.to, 'timestamptz')}` : '',
    ].join('');
}

/**
 * Reads up to COLLECT_LIMIT + 1 matching spans to choose the plan. `to` bounds the spans
 * of a span list, not those of a trace list (a trace may end after `to`); `from` bounds both,
 * since no span starts before its trace.
 */
export async function planSearch(db: Database, projectId: string, filters: SpanFilters, list: 'traces' | 'spans'): Promise<SearchPlan | null> {
  if (filters.q === undefined) return null;
  const limit = COLLECT_LIMIT[list];
  const spanTimeUpperBound = list === 'spans';
  const params = new SqlParams();
  const project = params.add(projectId);
  const query = `lumina_search_query(${params.add(filters.q, 'text')})`;
  const bounds = timeBounds(filters, params, spanTimeUpperBound);
  const rows = await db.rows<{ trace_id: string; span_id: string; start_us: string }>(
    params.query(`SELECT trace_id, span_id, (extract(epoch FROM start_time) * 1000000)::bigint::text AS start_us
      FROM ((SELECT d.trace_id, d.span_id, d.start_time FROM span_search AS d
          WHERE d.project_id = ${project} AND d.document @@ ${query}${bounds('d.start_time')}
          LIMIT ${limit + 1})
        UNION ALL
        (${pendingMatchesSql(project, query, bounds)})) AS matches`),
  );
  if (rows.length > limit) return { kind: 'probe', q: filters.q };
  // In span-list order (start, span id, trace id, all descending), so that a list can walk them and stop at a full page.
  const unique = [...new Map(rows.map((row) => [`${row.trace_id}/${row.span_id}/${row.start_us}`, row])).values()].sort(
    (a, b) => compareDigits(b.start_us, a.start_us) || compareText(b.span_id, a.span_id) || compareText(b.trace_id, a.trace_id),
  );
  return {
    kind: 'matches',
    traceIds: unique.map((row) => row.trace_id),
    spanIds: unique.map((row) => row.span_id),
    startUs: unique.map((row) => row.start_us),
  };
}

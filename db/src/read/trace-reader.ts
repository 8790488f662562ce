import type { Queryable } from './queryable.js';
import { SPAN_COLUMNS, TRACE_COLUMNS, fromMicros, type SpanRow, type TraceRow } from './rows.js';
import { SqlParams, type SqlQuery } from './sql-params.js';

/** The summary row of one trace. */
export function traceSummaryQuery(projectId: string, traceId: string): SqlQuery {
  const params = new SqlParams();
  return params.query(`SELECT ${TRACE_COLUMNS} FROM traces AS t WHERE t.project_id = ${params.add(projectId)} AND t.trace_id = ${params.add(traceId)}`);
}

/**
 * The spans of a trace in start order. Every span starts within [trace start, trace end],
 * so those bounds prune the day partitions to the one or two that can hold it.
 */
export function traceSpansQuery(projectId: string, traceId: string, startUs: string, endUs: string): SqlQuery {
  const params = new SqlParams();
  return params.query(`SELECT ${SPAN_COLUMNS}
FROM spans AS s
WHERE s.project_id = ${params.add(projectId)} AND s.trace_id = ${params.add(traceId)}
  AND s.start_time >= ${fromMicros(params.add(startUs))} AND s.start_time <= ${fromMicros(params.add(endUs))}
ORDER BY s.start_time, s.span_id`);
}

/** One trace's summary and its spans in start order; null when the project has no such trace. */
export async function readTrace(db: Queryable, projectId: string, traceId: string): Promise<{ summary: TraceRow; spans: SpanRow[] } | null> {
  const [summary] = await db.rows<TraceRow>(traceSummaryQuery(projectId, traceId));
  if (!summary) return null;
  const spans = await db.rows<SpanRow>(traceSpansQuery(projectId, traceId, summary.start_us, summary.end_us));
  return { summary, spans };
}

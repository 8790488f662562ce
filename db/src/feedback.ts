import { SqlParams, type SqlQuery } from './read/sql-params.js';

export interface NewFeedback {
  score: number;
  comment: string | null;
  source: string;
}

/**
 * Stores feedback on a span of the project; returns the stored row, or no row when the
 * project has no such span (the caller answers 404).
 */
export function addFeedbackQuery(projectId: string, traceId: string, spanId: string, feedback: NewFeedback): SqlQuery {
  const params = new SqlParams();
  const project = params.add(projectId, 'text');
  const trace = params.add(traceId, 'text');
  const span = params.add(spanId, 'text');
  return params.query(`INSERT INTO span_feedback (project_id, trace_id, span_id, score, comment, source)
SELECT ${project}, ${trace}, ${span}, ${params.add(feedback.score, 'float8')}, ${params.add(feedback.comment, 'text')}, ${params.add(feedback.source, 'text')}
WHERE EXISTS (SELECT 1 FROM spans WHERE project_id = ${project} AND trace_id = ${trace} AND span_id = ${span})
RETURNING score, comment, source, created_at`);
}

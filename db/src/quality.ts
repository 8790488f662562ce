import type pg from 'pg';

/** A pool or client. */
type Queryable = Pick<pg.Pool, 'query'>;

/** A judge's settled score of one stored call. */
export interface JudgedQuality {
  projectId: string;
  traceId: string;
  spanId: string;
  /** the span's start, µs since the epoch (finds its day partition) */
  startUs: number;
  score: number;
  /** merged into the stored signals (e.g. `{ judge: {...} }`) */
  signals: Record<string, unknown>;
}

/**
 * Rewrites a stored call's quality after the judge (once: a span already judged is left alone),
 * appends a rollup delta of the score's difference (so rollup averages follow, counts unchanged)
 * and recomputes the trace's worst score. One statement; returns whether the span changed.
 */
export async function applyJudgedQuality(db: Queryable, judged: JudgedQuality): Promise<boolean> {
  const result = await db.query(
    `WITH target AS (
  SELECT project_id, trace_id, span_id, start_time, quality_score AS old_score
  FROM spans
  WHERE project_id = $1 AND trace_id = $2 AND span_id = $3
    AND start_time = timestamptz 'epoch' + $4::bigint * interval '1 microsecond'
    AND quality_score IS NOT NULL AND NOT coalesce(quality_signals ? 'judge', false)
  FOR UPDATE
),
updated AS (
  UPDATE spans AS s SET quality_score = $5::real, quality_signals = coalesce(s.quality_signals, '{}') || $6::jsonb
  FROM target AS t
  WHERE s.project_id = t.project_id AND s.trace_id = t.trace_id AND s.span_id = t.span_id AND s.start_time = t.start_time
  RETURNING s.project_id, s.trace_id, s.start_time, s.service_name, coalesce(s.model, '') AS model,
    coalesce(s.provider, '') AS provider, s.quality_score::float8 - t.old_score::float8 AS difference
),
delta AS (
  INSERT INTO span_rollup_deltas (project_id, bucket_start, service_name, model, provider, span_count,
    root_span_count, llm_call_count, llm_error_count, cost_usd, prompt_tokens, completion_tokens,
    cached_prompt_tokens, latency_sum_ms, latency_max_ms, latency_buckets, latency_counts, quality_sum, quality_count)
  SELECT project_id, date_bin('1 minute', start_time, timestamptz 'epoch'), service_name, model, provider,
    0, 0, 0, 0, 0, 0, 0, 0, 0, NULL, '{}', '{}', difference, 0
  FROM updated
  RETURNING 1
),
trace_update AS (
  UPDATE traces AS tr SET quality_score = (
    SELECT least(min(s.quality_score) FILTER (WHERE s.span_id <> $3), $5::real)
    FROM spans AS s WHERE s.project_id = tr.project_id AND s.trace_id = tr.trace_id)
  FROM updated AS u
  WHERE tr.project_id = u.project_id AND tr.trace_id = u.trace_id
  RETURNING 1
)
SELECT (SELECT count(*) FROM updated)::int AS changed, (SELECT count(*) FROM delta)::int AS deltas, (SELECT count(*) FROM trace_update)::int AS traces`,
    [judged.projectId, judged.traceId, judged.spanId, judged.startUs, judged.score, JSON.stringify(judged.signals)],
  );
  return (result.rows[0] as { changed: number }).changed > 0;
}

/** A recent stored response, as the quality baselines learn from it. */
export interface RecentResponse {
  project_id: string;
  service_name: string;
  name: string;
  model: string | null;
  system_prompt: string | null;
  prompt: string | null;
  response: string;
}

/**
 * The newest stored chat-like responses that passed the intrinsic quality signals, oldest first,
 * to warm a processor's baselines at start-up (at most `limit`, from the last `sinceHours`).
 */
export async function readRecentResponses(db: Queryable, limit: number, sinceHours: number): Promise<RecentResponse[]> {
  const result = await db.query(
    `SELECT * FROM (
  SELECT project_id, service_name, name, model, system_prompt, left(prompt, 20000) AS prompt, left(response, 2000) AS response, start_time
  FROM spans
  WHERE is_llm AND start_time > now() - $2::int * interval '1 hour'
    AND status <> 'error' AND response IS NOT NULL AND response <> ''
    AND coalesce(finish_reason, '') NOT IN ('length', 'content_filter', 'error')
    AND NOT coalesce(quality_signals ?| ARRAY['refusal', 'empty_response'], false)
    AND coalesce((quality_signals -> 'json_output' ->> 'score')::float8, 1) >= 1
  ORDER BY start_time DESC
  LIMIT $1
) AS recent ORDER BY start_time`,
    [limit, sinceHours],
  );
  return result.rows as RecentResponse[];
}

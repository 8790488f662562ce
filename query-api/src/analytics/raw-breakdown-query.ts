import { SqlParams, type AnalyticsScope, type SqlQuery } from '@lumina/db';

/**
 * Breakdowns by user or tag are not rolled up (users are unbounded; a span has several
 * tags): they aggregate the LLM calls of the range directly, with exact percentiles.
 * Cost grows with the calls in the range.
 */
export type RawKey = 'user_id' | 'tag';
export type BreakdownOrder = 'cost' | 'calls' | 'tokens';

const ORDER_SQL: Record<BreakdownOrder, string> = {
  cost: 'sum(s.cost_usd) DESC NULLS LAST',
  calls: 'count(*) DESC',
  tokens: 'coalesce(sum(s.prompt_tokens), 0) + coalesce(sum(s.completion_tokens), 0) DESC',
};

export function rawBreakdownQuery(scope: AnalyticsScope, key: RawKey, order: BreakdownOrder, limit: number, withLatency: boolean): SqlQuery {
  const params = new SqlParams();
  const conditions = [
    `s.project_id = ${params.add(scope.projectId)}`,
    's.is_llm',
    `s.start_time >= ${params.add(new Date(scope.fromMs), 'timestamptz')}`,
    `s.start_time < ${params.add(new Date(scope.toMs), 'timestamptz')}`,
  ];
  if (scope.service !== undefined) conditions.push(`s.service_name = ${params.add(scope.service)}`);
  if (scope.model !== undefined) conditions.push(`s.model = ${params.add(scope.model)}`);
  if (scope.provider !== undefined) conditions.push(`s.provider = ${params.add(scope.provider)}`);
  const latency = withLatency
    ? `, avg(s.latency_ms) AS avg_ms, max(s.latency_ms) AS latency_max_ms,
    percentile_cont(ARRAY[0.5, 0.95, 0.99]) WITHIN GROUP (ORDER BY s.latency_ms) AS percentiles`
    : '';
  return params.query(`SELECT ${key === 'tag' ? 'tag' : 's.user_id'} AS key,
    count(*)::float8 AS llm_call_count, count(*) FILTER (WHERE s.status = 'error')::float8 AS llm_error_count,
    coalesce(sum(s.cost_usd), 0)::float8 AS cost_usd, coalesce(sum(s.prompt_tokens), 0)::float8 AS prompt_tokens,
    coalesce(sum(s.completion_tokens), 0)::float8 AS completion_tokens,
    coalesce(sum(s.cached_prompt_tokens), 0)::float8 AS cached_prompt_tokens${latency}
  FROM spans AS s${key === 'tag' ? ' CROSS JOIN LATERAL unnest(s.tags) AS tag' : ''}
  WHERE ${conditions.join(' AND ')}
  GROUP BY 1
  ORDER BY ${ORDER_SQL[order]}, 1 NULLS LAST
  LIMIT ${params.add(limit, 'integer')}`);
}

import { SqlParams, type AnalyticsScope, type SqlQuery } from '@lumina/db';

/**
 * Traces started in the range that used the model/provider: counted on `traces`, because
 * rollups count traces by their root span, which rarely is the LLM call itself. Without a
 * model or provider filter the rollups' root-span count answers instead.
 */
export function traceCountQuery(scope: AnalyticsScope): SqlQuery {
  const params = new SqlParams();
  const conditions = [
    `project_id = ${params.add(scope.projectId)}`,
    'has_root',
    `start_time >= ${params.add(new Date(scope.fromMs), 'timestamptz')}`,
    `start_time < ${params.add(new Date(scope.toMs), 'timestamptz')}`,
  ];
  if (scope.service !== undefined) conditions.push(`service_name = ${params.add(scope.service)}`);
  if (scope.model !== undefined) conditions.push(`models @> ARRAY[${params.add(scope.model, 'text')}]`);
  if (scope.provider !== undefined) conditions.push(`providers @> ARRAY[${params.add(scope.provider, 'text')}]`);
  return params.query(`SELECT count(*)::float8 AS trace_count FROM traces WHERE ${conditions.join(' AND ')}`);
}

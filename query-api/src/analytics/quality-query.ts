import { SqlParams, type AnalyticsScope, type SqlQuery } from '@lumina/db';

/**
 * The quality figures rollups cannot give (percentiles, share under the floor), and breakdowns
 * by user or tag: read from the stored scores of the range. Cost grows with the calls in it.
 */
export type QualityRawKey = 'service' | 'model' | 'provider' | 'user_id' | 'tag' | null;

const KEY_SQL: Record<Exclude<QualityRawKey, null>, string> = {
  service: 's.service_name',
  model: 's.model',
  provider: 's.provider',
  user_id: 's.user_id',
  tag: 'tag',
};

export interface QualityRawRow {
  key: string | null;
  scored_count: number;
  avg_score: number | null;
  below_floor: number;
  percentiles: number[] | null;
}

export function qualityRawQuery(scope: AnalyticsScope, key: QualityRawKey, floor: number, limit: number): SqlQuery {
  const params = new SqlParams();
  const conditions = [
    `s.project_id = ${params.add(scope.projectId)}`,
    's.quality_score IS NOT NULL',
    `s.start_time >= ${params.add(new Date(scope.fromMs), 'timestamptz')}`,
    `s.start_time < ${params.add(new Date(scope.toMs), 'timestamptz')}`,
  ];
  if (scope.service !== undefined) conditions.push(`s.service_name = ${params.add(scope.service)}`);
  if (scope.model !== undefined) conditions.push(`s.model = ${params.add(scope.model)}`);
  if (scope.provider !== undefined) conditions.push(`s.provider = ${params.add(scope.provider)}`);
  return params.query(`SELECT ${key === null ? 'NULL::text' : KEY_SQL[key]} AS key,
    count(*)::float8 AS scored_count, avg(s.quality_score)::float8 AS avg_score,
    count(*) FILTER (WHERE s.quality_score < ${params.add(floor, 'float8')})::float8 AS below_floor,
    percentile_cont(ARRAY[0.1, 0.5, 0.9]) WITHIN GROUP (ORDER BY s.quality_score) AS percentiles
  FROM spans AS s${key === 'tag' ? ' CROSS JOIN LATERAL unnest(s.tags) AS tag' : ''}
  WHERE ${conditions.join(' AND ')}
  GROUP BY 1
  ORDER BY count(*) DESC, 1 NULLS LAST
  LIMIT ${params.add(limit, 'integer')}`);
}

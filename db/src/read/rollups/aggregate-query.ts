import { CELL_MEASURES_SQL, LATENCY_BUCKET_SQL } from '../../write/rollup-sql.js';
import { SqlParams, type SqlQuery } from '../sql-params.js';
import { planSegments, type Segment } from './time-plan.js';
import type { AggregateRead, AnalyticsScope, RollupKey } from './scope.js';

/**
 * SQL of an aggregate read: folded rollups for the aligned part of the range, deltas not
 * folded yet for the same part, raw spans for partial minutes, summed per key and trend
 * bucket. Latency reads also merge the histograms.
 */

type Dims = 'service_model_provider' | 'service' | 'all';

/** The coarsest rollup rows that still carry every column the read filters or groups on. */
export function dimsFor(scope: AnalyticsScope, key: RollupKey | null): Dims {
  if (scope.model !== undefined || scope.provider !== undefined || key === 'model' || key === 'provider') return 'service_model_provider';
  if (scope.service !== undefined || key === 'service') return 'service';
  return 'all';
}

/** Per source: the column holding each key ('' means none), and the filters. */
const ROLLUP_KEY_SQL: Record<RollupKey, string> = { service: 'service_name', model: 'model', provider: 'provider' };
const RAW_KEY_SQL: Record<RollupKey, string> = { service: 'service_name', model: "coalesce(model, '')", provider: "coalesce(provider, '')" };

const MEASURES = `span_count, root_span_count, llm_call_count, llm_error_count, cost_usd, prompt_tokens,
    completion_tokens, cached_prompt_tokens, latency_sum_ms, latency_max_ms, quality_sum, quality_count`;
const RAW_MEASURES = `1::bigint, (parent_span_id IS NULL)::int::bigint, is_llm::int::bigint,
    (is_llm AND status = 'error')::int::bigint, coalesce(cost_usd, 0), coalesce(prompt_tokens, 0)::bigint,
    coalesce(completion_tokens, 0)::bigint, coalesce(cached_prompt_tokens, 0)::bigint,
    CASE WHEN is_llm THEN latency_ms ELSE 0 END, CASE WHEN is_llm THEN latency_ms END,
    coalesce(quality_score, 0)::float8, (quality_score IS NOT NULL)::int::bigint`;
/** Raw spans summed per key, bucket and latency bucket, then per key and bucket with their histogram. */
const rawWithHistogram = (key: string, bucket: string, where: string) => `SELECT key, bucket, sum(span_count), sum(root_span_count),
    sum(llm_call_count), sum(llm_error_count), sum(cost_usd), sum(prompt_tokens), sum(completion_tokens),
    sum(cached_prompt_tokens), sum(latency_sum_ms), max(latency_max_ms), sum(quality_sum), sum(quality_count),
    coalesce(array_agg(latency_bucket) FILTER (WHERE llm_call_count > 0), '{}')::text,
    coalesce(array_agg(llm_call_count::integer) FILTER (WHERE llm_call_count > 0), '{}')::text
  FROM (
    SELECT ${key} AS key, ${bucket} AS bucket, ${LATENCY_BUCKET_SQL} AS latency_bucket,
      ${CELL_MEASURES_SQL}
    FROM spans
    WHERE ${where}
    GROUP BY 1, 2, 3
  ) AS cells
  GROUP BY key, bucket`;

function timeRanges(column: string, segments: Segment[], params: SqlParams): string {
  const ranges = segments.map(
    (segment) => `(${column} >= ${params.add(new Date(segment.fromMs), 'timestamptz')} AND ${column} < ${params.add(new Date(segment.toMs), 'timestamptz')})`,
  );
  return ranges.length === 0 ? 'false' : `(${ranges.join(' OR ')})`;
}

function scopeFilters(scope: AnalyticsScope, params: SqlParams): string[] {
  const filters: string[] = [];
  if (scope.service !== undefined) filters.push(`service_name = ${params.add(scope.service)}`);
  if (scope.model !== undefined) filters.push(`model = ${params.add(scope.model)}`);
  if (scope.provider !== undefined) filters.push(`provider = ${params.add(scope.provider)}`);
  return filters;
}

export function aggregateQuery(read: AggregateRead): SqlQuery {
  const { scope, key, trendInterval, withLatency } = read;
  const params = new SqlParams();
  const project = params.add(scope.projectId);
  const segments = planSegments(scope.fromMs, scope.toMs, trendInterval ?? 'day');
  const rolled = segments.filter((segment) => segment.source !== 'raw');
  const raw = segments.filter((segment) => segment.source === 'raw');
  const dims = dimsFor(scope, key);
  const interval = trendInterval ? params.add(`1 ${trendInterval}`, 'interval') : null;
  const bucketOf = (column: string) => (interval ? `date_bin(${interval}, ${column}, timestamptz 'epoch')` : `timestamptz 'epoch'`);
  // Histograms travel as array text: splitting it is far cheaper than the driver's generic array parser.
  const histogram = withLatency ? ', latency_buckets::text, latency_counts::text' : '';
  const byResolution = (['day', 'hour', 'minute'] as const)
    .map((resolution) => {
      const own = rolled.filter((segment) => segment.source === resolution);
      return own.length === 0 ? null : `(resolution = '${resolution}' AND ${timeRanges('bucket_start', own, params)})`;
    })
    .filter((condition) => condition !== null);
  // spans and both rollup tables name the filtered columns alike
  const filters = scopeFilters(scope, params).map((filter) => ` AND ${filter}`).join('');
  const keyOf = (source: 'rollup' | 'raw') => (key ? (source === 'rollup' ? ROLLUP_KEY_SQL : RAW_KEY_SQL)[key] : "''");
  const parts = [
    `SELECT ${keyOf('rollup')} AS key, ${bucketOf('bucket_start')} AS bucket, ${MEASURES}${histogram}
  FROM span_rollups
  WHERE project_id = ${project} AND dims = '${dims}' AND (${byResolution.join(' OR ') || 'false'})${filters}`,
    `SELECT ${keyOf('rollup')}, ${bucketOf('bucket_start')}, ${MEASURES}${histogram}
  FROM span_rollup_deltas
  WHERE project_id = ${project} AND ${timeRanges('bucket_start', rolled, params)}${filters}`,
  ];
  if (raw.length > 0) {
    const where = `project_id = ${project} AND ${timeRanges('start_time', raw, params)}${filters}`;
    parts.push(
      withLatency
        ? rawWithHistogram(keyOf('raw'), bucketOf('start_time'), where)
        : `SELECT ${keyOf('raw')}, ${bucketOf('start_time')}, ${RAW_MEASURES}\n  FROM spans\n  WHERE ${where}`,
    );
  }
  const union = parts.join('\n  UNION ALL\n  ');
  // Latency reads return the rows as they are (few: rollups are coarse, raw edges pre-summed)
  // and merge histograms in JS, cheaper than exploding and re-sorting them in SQL.
  if (withLatency) return params.query(union);
  return params.query(`SELECT key, bucket, sum(span_count)::float8 AS span_count, sum(root_span_count)::float8 AS root_span_count,
    sum(llm_call_count)::float8 AS llm_call_count, sum(llm_error_count)::float8 AS llm_error_count,
    sum(cost_usd)::float8 AS cost_usd, sum(prompt_tokens)::float8 AS prompt_tokens,
    sum(completion_tokens)::float8 AS completion_tokens, sum(cached_prompt_tokens)::float8 AS cached_prompt_tokens,
    sum(latency_sum_ms)::float8 AS latency_sum_ms, max(latency_max_ms) AS latency_max_ms,
    sum(quality_sum)::float8 AS quality_sum, sum(quality_count)::float8 AS quality_count
  FROM (
  ${union}
  ) AS src
  GROUP BY key, bucket`);
}

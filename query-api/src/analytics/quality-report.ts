import { readAggregates, sumAggregates, type Aggregate } from '@lumina/db';
import type { QualityReport } from '../schemas/analytics.js';
import { qualityRawQuery, type QualityRawRow } from './quality-query.js';
import { filledTrend, type ReportInput } from './report-input.js';

/** The quality floor of the product docs: calls under it count as poor. */
export const QUALITY_FLOOR = 0.7;

const rounded = (value: number | null | undefined) => (value === null || value === undefined ? null : Math.round(value * 10000) / 10000);
const average = (aggregate: Pick<Aggregate, 'qualitySum' | 'qualityCount'>) => (aggregate.qualityCount === 0 ? null : rounded(aggregate.qualitySum / aggregate.qualityCount));
const share = (row: QualityRawRow) => (row.scored_count === 0 ? null : rounded(row.below_floor / row.scored_count));

/**
 * Quality of the LLM calls in the window: the exact average and trend from the rollups (sum
 * and count of scores), percentiles and the share under the floor from the stored scores, and a
 * breakdown by the requested key (averages and shares from the stored scores).
 */
export async function qualityReport({ db, scope, window, groupBy, breakdownLimit }: ReportInput): Promise<QualityReport> {
  const [trend, [overall], breakdown] = await Promise.all([
    readAggregates(db, { scope, key: null, trendInterval: window.interval, withLatency: false }),
    db.rows<QualityRawRow>(qualityRawQuery(scope, null, QUALITY_FLOOR, 1)),
    groupBy === undefined ? Promise.resolve([]) : db.rows<QualityRawRow>(qualityRawQuery(scope, groupBy, QUALITY_FLOOR, breakdownLimit)),
  ]);
  const total = sumAggregates(trend);
  return {
    scored_count: total.qualityCount,
    avg_score: average(total),
    p10_score: rounded(overall?.percentiles?.[0]),
    p50_score: rounded(overall?.percentiles?.[1]),
    p90_score: rounded(overall?.percentiles?.[2]),
    floor: QUALITY_FLOOR,
    below_floor_share: overall ? share(overall) : null,
    breakdown: breakdown.map((row) => ({ key: row.key, scored_count: row.scored_count, avg_score: rounded(row.avg_score), below_floor_share: share(row) })),
    trend: filledTrend(window, trend).map(({ bucket, aggregate }) => ({
      bucket,
      scored_count: aggregate?.qualityCount ?? 0,
      avg_score: aggregate ? average(aggregate) : null,
    })),
  };
}

import type { Database } from '../database.js';
import type { GroupByKey } from '../params/analytics-params.js';
import type { Aggregate, AnalyticsScope } from '@lumina/db';
import type { AnalyticsWindow } from './window.js';
import { trendBucketStarts } from './window.js';

export interface ReportInput {
  db: Database;
  scope: AnalyticsScope;
  window: AnalyticsWindow;
  groupBy: GroupByKey | undefined;
  breakdownLimit: number;
}

/** Every trend bucket of the window, in order, with its aggregate or undefined when it had no spans. */
export function filledTrend(window: AnalyticsWindow, trend: Aggregate[]): Array<{ bucket: string; aggregate: Aggregate | undefined }> {
  const byStart = new Map(trend.map((aggregate) => [aggregate.bucketMs, aggregate]));
  return trendBucketStarts(window).map((startMs) => ({ bucket: new Date(startMs).toISOString(), aggregate: byStart.get(startMs) }));
}

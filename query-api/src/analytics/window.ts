import { invalidParameter } from '../errors.js';
import type { AnalyticsParams, Interval } from '../params/analytics-params.js';
import { RESOLUTION_MS } from '@lumina/db';

export interface AnalyticsWindow {
  fromMs: number;
  toMs: number;
  interval: Interval;
}

const DEFAULT_RANGE_MS = 86_400_000;
/** More trend points than a chart can show only cost time. */
export const MAX_TREND_BUCKETS = 1500;

/** The default trend interval: about 100–400 points for common ranges. */
export function defaultInterval(rangeMs: number): Interval {
  if (rangeMs <= 6 * 3_600_000) return 'minute';
  if (rangeMs <= 7 * 86_400_000) return 'hour';
  return 'day';
}

/** Resolves the time range and interval of an analytics query, with defaults; throws a 400 when unusable. */
export function resolveWindow(params: Pick<AnalyticsParams, 'from' | 'to' | 'interval'>, nowMs: number): AnalyticsWindow {
  const toMs = params.to?.getTime() ?? nowMs;
  const fromMs = params.from?.getTime() ?? toMs - DEFAULT_RANGE_MS;
  if (fromMs >= toMs) throw invalidParameter(params.from ? 'from' : 'to', 'the range is empty: from must be before to');
  const interval = params.interval ?? defaultInterval(toMs - fromMs);
  const size = RESOLUTION_MS[interval];
  const buckets = Math.ceil(toMs / size) - Math.floor(fromMs / size);
  if (buckets > MAX_TREND_BUCKETS) {
    throw invalidParameter('interval', `${interval} gives ${buckets} trend buckets over this range; at most ${MAX_TREND_BUCKETS}, use a coarser interval`);
  }
  return { fromMs, toMs, interval };
}

/** The start of every trend bucket of the window, for zero-filling gaps. */
export function trendBucketStarts(window: AnalyticsWindow): number[] {
  const size = RESOLUTION_MS[window.interval];
  const starts: number[] = [];
  for (let start = Math.floor(window.fromMs / size) * size; start < window.toMs; start += size) starts.push(start);
  return starts;
}

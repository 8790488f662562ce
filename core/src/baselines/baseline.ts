/**
 * Rolling baselines of LLM calls, per (service, span name, model) and per service: cost per
 * call, cost per hour, latency percentiles, error rate and quality, from the calls whose event
 * time (start) falls in a window. Pure: the caller passes the calls and the window; nothing
 * reads the clock.
 */
import { quantileSorted, robustStat, type RobustStat } from './robust-stats.js';

/** One stored call, as baselines need it (event time in epoch ms). */
export interface CallObservation {
  startMs: number;
  serviceName: string;
  /** span name (the endpoint, e.g. `chat gpt-4o`) */
  name: string;
  model: string | null;
  costUsd: number | null;
  latencyMs: number;
  isError: boolean;
  qualityScore: number | null;
}

export interface BaselineOptions {
  /** calls with fromMs <= startMs < toMs count */
  fromMs: number;
  toMs: number;
  /** fewer calls than this: the baseline is not `sufficient` and must not be alerted on (default 30) */
  minSamples?: number;
  /** bucket of the cost-per-hour series (default 1 h) */
  bucketMs?: number;
  /** fewer full buckets than this: no cost-per-hour figure (default 3) */
  minBuckets?: number;
}

export interface LatencyBaseline extends RobustStat {
  p50: number;
  p95: number;
  p99: number;
}

/** A baseline over one window; each figure is null when no call carried it. */
export interface Baseline {
  sampleCount: number;
  /** sampleCount >= minSamples */
  sufficient: boolean;
  costPerCall: RobustStat | null;
  /** over the window's buckets (each bucket's total cost, empty buckets count as 0) */
  costPerHour: RobustStat | null;
  latencyMs: LatencyBaseline | null;
  /** errors / calls over the window */
  errorRate: number | null;
  /** median error rate of the window's buckets, robust to one bad hour */
  errorRateByBucket: RobustStat | null;
  quality: RobustStat | null;
}

export const DEFAULT_BASELINE_MIN_SAMPLES = 30;
const HOUR_MS = 3_600_000;

function latencyBaseline(values: number[]): LatencyBaseline | null {
  const stat = robustStat(values);
  if (stat === null) return null;
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  return { ...stat, p50: quantileSorted(sorted, 0.5), p95: quantileSorted(sorted, 0.95), p99: quantileSorted(sorted, 0.99) };
}

/** Per-bucket totals of cost and error rate over [fromMs, toMs), empty buckets included. */
function bucketSeries(calls: readonly CallObservation[], options: Required<BaselineOptions>) {
  const buckets = Math.max(1, Math.floor((options.toMs - options.fromMs) / options.bucketMs));
  const cost = new Array<number>(buckets).fill(0);
  const errors = new Array<number>(buckets).fill(0);
  const counts = new Array<number>(buckets).fill(0);
  for (const call of calls) {
    const index = Math.floor((call.startMs - options.fromMs) / options.bucketMs);
    if (index < 0 || index >= buckets) continue;
    cost[index]! += call.costUsd ?? 0;
    counts[index]! += 1;
    if (call.isError) errors[index]! += 1;
  }
  const rates = counts.flatMap((count, i) => (count > 0 ? [errors[i]! / count] : []));
  return { buckets, cost, rates };
}

/** The baseline of the given calls over a window (calls outside the window are ignored). */
export function baselineOf(calls: readonly CallObservation[], options: BaselineOptions): Baseline {
  const full: Required<BaselineOptions> = { minSamples: DEFAULT_BASELINE_MIN_SAMPLES, bucketMs: HOUR_MS, minBuckets: 3, ...options };
  const inWindow = calls.filter((call) => call.startMs >= full.fromMs && call.startMs < full.toMs);
  const numbers = (pick: (call: CallObservation) => number | null) =>
    inWindow.flatMap((call) => {
      const value = pick(call);
      return value === null ? [] : [value];
    });
  const series = bucketSeries(inWindow, full);
  return {
    sampleCount: inWindow.length,
    sufficient: inWindow.length >= full.minSamples,
    costPerCall: robustStat(numbers((call) => call.costUsd)),
    costPerHour: series.buckets >= full.minBuckets ? robustStat(series.cost.map((usd) => (usd * HOUR_MS) / full.bucketMs)) : null,
    latencyMs: latencyBaseline(numbers((call) => call.latencyMs)),
    errorRate: inWindow.length === 0 ? null : inWindow.filter((call) => call.isError).length / inWindow.length,
    errorRateByBucket: robustStat(series.rates),
    quality: robustStat(numbers((call) => call.qualityScore)),
  };
}

/** The key of an endpoint baseline: service, span name and model. */
export function endpointKey(call: Pick<CallObservation, 'serviceName' | 'name' | 'model'>): string {
  return JSON.stringify([call.serviceName, call.name, call.model ?? '']);
}

function groupBy(calls: readonly CallObservation[], key: (call: CallObservation) => string): Map<string, CallObservation[]> {
  const groups = new Map<string, CallObservation[]>();
  for (const call of calls) {
    const k = key(call);
    const group = groups.get(k);
    if (group) group.push(call);
    else groups.set(k, [call]);
  }
  return groups;
}

/** Baselines per (service, span name, model), keyed by {@link endpointKey}. */
export function baselinesByEndpoint(calls: readonly CallObservation[], options: BaselineOptions): Map<string, Baseline> {
  return new Map([...groupBy(calls, endpointKey)].map(([key, group]) => [key, baselineOf(group, options)]));
}

/** Baselines per service, keyed by service name. */
export function baselinesByService(calls: readonly CallObservation[], options: BaselineOptions): Map<string, Baseline> {
  return new Map([...groupBy(calls, (call) => call.serviceName)].map(([key, group]) => [key, baselineOf(group, options)]));
}

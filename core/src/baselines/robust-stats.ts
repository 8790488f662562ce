/**
 * Robust statistics for baselines: median and MAD (median absolute deviation), so that one
 * outlier moves neither the centre nor the spread. All functions are pure and take plain arrays.
 */

/** MAD × 1.4826 estimates the standard deviation of normally distributed data. */
export const MAD_TO_SIGMA = 1.4826;

/** A robust summary of a sample. */
export interface RobustStat {
  count: number;
  median: number;
  /** median absolute deviation from the median (unscaled) */
  mad: number;
  mean: number;
  min: number;
  max: number;
}

/** The q-quantile (0..1) of ascending-sorted values, linearly interpolated; NaN when empty. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = Math.min(Math.max(q, 0), 1) * (sorted.length - 1);
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (position - low);
}

const ascending = (values: readonly number[]) => [...values].sort((a, b) => a - b);

/** The median of values (in any order); NaN when empty. */
export function median(values: readonly number[]): number {
  return quantileSorted(ascending(values), 0.5);
}

/** The median absolute deviation of values from their median; NaN when empty. */
export function medianAbsoluteDeviation(values: readonly number[]): number {
  const centre = median(values);
  return median(values.map((value) => Math.abs(value - centre)));
}

/** Median, MAD, mean and range of finite values; null when there are none. */
export function robustStat(values: readonly number[]): RobustStat | null {
  // Typed arrays sort numerically in native code: several times faster than sort with a comparator.
  const sorted = Float64Array.from(values.filter(Number.isFinite)).sort();
  if (sorted.length === 0) return null;
  const centre = quantileSorted(sorted, 0.5);
  let sum = 0;
  const deviations = new Float64Array(sorted.length);
  for (let i = 0; i < sorted.length; i++) {
    sum += sorted[i]!;
    deviations[i] = Math.abs(sorted[i]! - centre);
  }
  return {
    count: sorted.length,
    median: centre,
    mad: quantileSorted(deviations.sort(), 0.5),
    mean: sum / sorted.length,
    min: sorted[0]!,
    max: sorted[sorted.length - 1]!,
  };
}

/** Lower bounds of the spread used by {@link robustZ}, so a perfectly steady series does not make every change infinite. */
export interface SpreadFloor {
  /** fraction of |median| (default 0.05) */
  relative?: number;
  /** absolute value (default 1e-9) */
  absolute?: number;
}

/** The robust spread of a stat: MAD scaled to a standard deviation, never under the floor. */
export function robustSpread(stat: RobustStat, floor: SpreadFloor = {}): number {
  return Math.max(stat.mad * MAD_TO_SIGMA, Math.abs(stat.median) * (floor.relative ?? 0.05), floor.absolute ?? 1e-9);
}

/** How many robust standard deviations `value` lies from the stat's median (signed: above is positive). */
export function robustZ(value: number, stat: RobustStat, floor?: SpreadFloor): number {
  return (value - stat.median) / robustSpread(stat, floor);
}

/** Relative change of `current` over `baseline` (0.5 = +50%); null when the baseline is 0. */
export function relativeChange(current: number, baseline: number): number | null {
  return baseline === 0 ? null : (current - baseline) / Math.abs(baseline);
}

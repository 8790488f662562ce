/** Robust statistics for baselines: one odd window moves neither the median nor the MAD. */

/** The median; null for no values. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** The median absolute deviation from the median, scaled (×1.4826) to estimate a normal standard deviation. */
export function scaledMad(values: readonly number[]): number | null {
  const center = median(values);
  if (center === null) return null;
  return 1.4826 * (median(values.map((value) => Math.abs(value - center))) as number);
}

/** How many robust deviations a change must exceed to count as more than noise. */
export const NOISE_DEVIATIONS = 3;

import { MAD_TO_SIGMA, medianAbsoluteDeviation } from '../baselines/robust-stats.js';

/** The MAD scaled to estimate a normal standard deviation (core/src/baselines); null for no values. */
export function scaledMad(values: readonly number[]): number | null {
  return values.length === 0 ? null : MAD_TO_SIGMA * medianAbsoluteDeviation(values);
}

/** How many robust deviations a change must exceed to count as more than noise. */
export const NOISE_DEVIATIONS = 3;

import { robustZ, type RobustStat } from '../baselines/robust-stats.js';
import type { QualitySignal } from '../span.js';

/**
 * Response length compared with the endpoint's baseline, on a log scale (lengths are
 * multiplicative: 10× longer and 10× shorter are equally far): the robust z of
 * ln(1 + characters) against the median and MAD of the endpoint's recent responses.
 * Within {@link LENGTH_Z_TOLERANCE} robust deviations scores 1; beyond, the score falls by
 * 0.1 per deviation down to {@link LENGTH_OUTLIER_MIN_SCORE} (length alone never sinks a call).
 */
export const LENGTH_Z_TOLERANCE = 3;
export const LENGTH_OUTLIER_MIN_SCORE = 0.5;
/** the log-length spread never counts as less than this (≈ ±20% length), so steady endpoints do not flag small changes */
const MIN_LOG_SPREAD = 0.2;

/** The value the length baseline keeps per response. */
export function logLength(response: string | null): number {
  return Math.log1p(response?.length ?? 0);
}

/**
 * The length-outlier signal; null without a baseline (fewer than `minSamples` responses seen)
 * or without text. Its detail is the ratio of this length to the baseline's median length.
 */
export function lengthOutlierSignal(response: string | null, baseline: RobustStat | null, minSamples: number): QualitySignal | null {
  if (baseline === null || baseline.count < minSamples || response === null || response.trim() === '') return null;
  const value = logLength(response);
  const z = Math.abs(robustZ(value, baseline, { absolute: MIN_LOG_SPREAD, relative: 0 }));
  const ratio = Math.expm1(value) / Math.max(1, Math.expm1(baseline.median));
  const score = z <= LENGTH_Z_TOLERANCE ? 1 : Math.max(LENGTH_OUTLIER_MIN_SCORE, 1 - (z - LENGTH_Z_TOLERANCE) * 0.1);
  return { score: Math.round(score * 1000) / 1000, detail: `length_ratio:${ratio.toFixed(2)}` };
}

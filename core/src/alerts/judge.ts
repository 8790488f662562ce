import { median } from '../baselines/robust-stats.js';
import { NOISE_DEVIATIONS, scaledMad } from './robust.js';
import { ALERT_DEFAULTS, BASELINE_MIN_WINDOWS, type AlertRule } from './rule.js';
import type { WindowStats } from './window-stats.js';

/** `breach`: the window shows the signal; `normal`: it has enough calls and does not; `unknown`: too few calls or no baseline yet. */
export type VerdictState = 'breach' | 'normal' | 'unknown';

/** One measured signal: its value in the window against the baseline of earlier windows. */
export interface SignalFigures {
  baseline: number | null;
  current: number | null;
  changePct: number | null;
}

export interface Verdict extends SignalFigures {
  state: VerdictState;
  /** dual_signal: the quality side (baseline/current/change of the average score) */
  quality?: SignalFigures;
}

interface Measure {
  /** the value in a window (null: undefined there) */
  value(stats: WindowStats): number | null;
  /** the value without the window's most extreme call, so that one outlier alone never fires */
  withoutExtreme(stats: WindowStats): number | null;
  /** calls the value is made of */
  count(stats: WindowStats): number;
}

const perCall = (sum: (s: WindowStats) => number, max: (s: WindowStats) => number): Measure => ({
  value: (s) => (s.calls > 0 ? sum(s) / s.calls : null),
  withoutExtreme: (s) => (s.calls > 1 ? (sum(s) - max(s)) / (s.calls - 1) : null),
  count: (s) => s.calls,
});

const COST_PER_CALL = perCall((s) => s.costSum, (s) => s.costMax);
const LATENCY_PER_CALL = perCall((s) => s.latencySum, (s) => s.latencyMax);
const QUALITY: Measure = {
  value: (s) => (s.qualityCount > 0 ? s.qualitySum / s.qualityCount : null),
  withoutExtreme: (s) => (s.qualityCount > 1 ? (s.qualitySum - s.qualityMin) / (s.qualityCount - 1) : null),
  count: (s) => s.qualityCount,
};

const changePct = (baseline: number | null, current: number | null) => (baseline !== null && current !== null && baseline > 0 ? ((current - baseline) / baseline) * 100 : null);

/** Median and scaled MAD of the measure over earlier windows that had enough calls; null when fewer than BASELINE_MIN_WINDOWS did. */
function baselineOf(measure: Measure, history: WindowStats[], minSamples: number): { center: number; spread: number } | null {
  const values = history.filter((s) => measure.count(s) >= minSamples).map((s) => measure.value(s) as number);
  if (values.length < BASELINE_MIN_WINDOWS) return null;
  return { center: median(values) as number, spread: scaledMad(values) as number };
}

/** An increase of at least `ratio` over the baseline (2 = +200%), beyond noise, carried by more than one call. */
function judgeIncrease(measure: Measure, ratio: number, minSamples: number, current: WindowStats, history: WindowStats[]): Verdict {
  const value = measure.value(current);
  const base = baselineOf(measure, history, minSamples);
  const figures = { baseline: base?.center ?? null, current: value, changePct: changePct(base?.center ?? null, value) };
  if (measure.count(current) < minSamples || value === null || base === null || base.center <= 0) return { state: 'unknown', ...figures };
  const limit = base.center * (1 + ratio);
  const breach = value >= limit && (measure.withoutExtreme(current) ?? 0) >= limit && value - base.center > NOISE_DEVIATIONS * base.spread;
  return { state: breach ? 'breach' : 'normal', ...figures };
}

/** A fall of at least `fraction` under the baseline beyond noise, or an average under the floor; not by one call alone. */
function judgeQuality(fraction: number, floor: number | null, minSamples: number, current: WindowStats, history: WindowStats[]): Verdict {
  const value = QUALITY.value(current);
  const base = baselineOf(QUALITY, history, minSamples);
  const figures = { baseline: base?.center ?? null, current: value, changePct: changePct(base?.center ?? null, value) };
  if (QUALITY.count(current) < minSamples || value === null) return { state: 'unknown', ...figures };
  const rest = QUALITY.withoutExtreme(current) ?? value;
  const underFloor = floor !== null && value < floor && rest < floor;
  const limit = base === null ? null : base.center * (1 - fraction);
  const dropped = base !== null && limit !== null && value <= limit && rest <= limit && base.center - value > NOISE_DEVIATIONS * base.spread;
  if (underFloor || dropped) return { state: 'breach', ...figures };
  return { state: base === null && floor === null ? 'unknown' : 'normal', ...figures };
}

/** Errors as a share of calls at or over the threshold, with at least two errors. */
function judgeErrorRate(threshold: number, minSamples: number, current: WindowStats, history: WindowStats[]): Verdict {
  const rate = (s: WindowStats) => (s.calls > 0 ? s.errors / s.calls : 0);
  const earlier = history.filter((s) => s.calls >= minSamples).map(rate);
  const baseline = earlier.length >= BASELINE_MIN_WINDOWS ? median(earlier) : null;
  const value = current.calls > 0 ? rate(current) : null;
  const figures = { baseline, current: value, changePct: changePct(baseline, value) };
  if (current.calls < minSamples || value === null) return { state: 'unknown', ...figures };
  const breach = value >= threshold && current.errors >= 2;
  return { state: breach ? 'breach' : 'normal', ...figures };
}

/**
 * Judges one window of a rule's calls against the windows before it (pure: the alerter reads
 * the stats, this decides). Spikes compare the average per call with the median of earlier
 * windows (robust: one odd window moves it not), need `minSamples` calls in the window and
 * BASELINE_MIN_WINDOWS earlier windows with as many, and must exceed the noise (3 scaled MADs).
 */
export function judgeWindow(rule: AlertRule, current: WindowStats, history: WindowStats[]): Verdict {
  switch (rule.type) {
    case 'cost_spike':
      return judgeIncrease(COST_PER_CALL, rule.threshold, rule.minSamples, current, history);
    case 'latency_spike':
      return judgeIncrease(LATENCY_PER_CALL, rule.threshold, rule.minSamples, current, history);
    case 'quality_drop':
      return judgeQuality(rule.threshold, rule.qualityFloor, rule.minSamples, current, history);
    case 'error_rate':
      return judgeErrorRate(rule.threshold, rule.minSamples, current, history);
    case 'budget':
      return { state: current.costSum >= rule.threshold ? 'breach' : 'normal', baseline: null, current: current.costSum, changePct: null };
    case 'dual_signal': {
      const cost = judgeIncrease(COST_PER_CALL, rule.threshold, rule.minSamples, current, history);
      const qualityFraction = rule.qualityThreshold ?? (ALERT_DEFAULTS.dual_signal.qualityThreshold as number);
      const quality = judgeQuality(qualityFraction, rule.qualityFloor, rule.minSamples, current, history);
      const state = cost.state === 'breach' && quality.state === 'breach' ? 'breach' : cost.state === 'unknown' || quality.state === 'unknown' ? 'unknown' : 'normal';
      return { state, baseline: cost.baseline, current: cost.current, changePct: cost.changePct, quality: { baseline: quality.baseline, current: quality.current, changePct: quality.changePct } };
    }
  }
}

/** Alert rules as plain data (API.md "Alerts"): kinds, their defaults, and the rule shape. */

export const ALERT_TYPES = ['cost_spike', 'quality_drop', 'latency_spike', 'budget', 'error_rate', 'dual_signal'] as const;
export type AlertType = (typeof ALERT_TYPES)[number];

/** A stored rule, as the alerter evaluates it. */
export interface AlertRule {
  ruleId: string;
  projectId: string;
  name: string;
  type: AlertType;
  service: string | null;
  model: string | null;
  tag: string | null;
  userId: string | null;
  /** cost/latency spike: ratio of increase (2 = +200%); quality drop: fraction of decrease; budget: USD per window; error rate: a fraction */
  threshold: number;
  /** `1h`, `15m`…; budgets `1d`, `1w`, `1mo` (calendar, UTC) */
  window: string;
  /** calls a window needs before it is judged (budgets: none) */
  minSamples: number;
  /** quality_drop and dual_signal: an average quality under this fires whatever the baseline */
  qualityFloor: number | null;
  /** dual_signal: the fraction quality must fall (its `threshold` is the cost increase) */
  qualityThreshold: number | null;
  webhookUrl: string | null;
  slackWebhookUrl: string | null;
  enabled: boolean;
}

/** Defaults of the product docs: cost spike +200% over 1 h, quality drop −20% over 1 h, quality floor 0.7. */
export const ALERT_DEFAULTS: Record<AlertType, { threshold: number | null; window: string; minSamples: number; qualityFloor: number | null; qualityThreshold: number | null }> = {
  cost_spike: { threshold: 2.0, window: '1h', minSamples: 20, qualityFloor: null, qualityThreshold: null },
  latency_spike: { threshold: 2.0, window: '1h', minSamples: 20, qualityFloor: null, qualityThreshold: null },
  quality_drop: { threshold: 0.2, window: '1h', minSamples: 20, qualityFloor: 0.7, qualityThreshold: null },
  error_rate: { threshold: 0.05, window: '1h', minSamples: 20, qualityFloor: null, qualityThreshold: null },
  // a budget has no sensible default amount: the caller must say it
  budget: { threshold: null, window: '1d', minSamples: 1, qualityFloor: null, qualityThreshold: null },
  dual_signal: { threshold: 2.0, window: '1h', minSamples: 20, qualityFloor: 0.7, qualityThreshold: 0.2 },
};

/** Windows before the judged one that form its baseline, and how many of them must have enough calls. */
export const BASELINE_WINDOWS = 24;
export const BASELINE_MIN_WINDOWS = 3;

/** Kinds compared with a baseline of earlier windows (budgets and error rates are absolute). */
export function comparesWithBaseline(type: AlertType): boolean {
  return type === 'cost_spike' || type === 'latency_spike' || type === 'quality_drop' || type === 'dual_signal';
}

import type { AlertRuleInput, AlertType } from '../api/types';

/** What `threshold` means for each rule type (API.md "Alerts"), shown beside the field. */
export const THRESHOLD_MEANING: Record<AlertType, string> = {
  cost_spike: 'ratio of increase over the baseline (2.0 = +200%)',
  latency_spike: 'ratio of increase over the baseline (2.0 = +200%)',
  quality_drop: 'fraction of decrease (0.2 = -20%)',
  budget: 'USD per window',
  error_rate: 'a fraction of calls (0.05 = 5%)',
  dual_signal: 'ratio of increase over the baseline',
};

/** Which quality fields a rule type takes (the API refuses them on other types). */
export function qualityFieldsOf(type: string): { floor: boolean; threshold: boolean } {
  return { floor: type === 'quality_drop' || type === 'dual_signal', threshold: type === 'dual_signal' };
}

export type RuleFields = Record<
  'name' | 'type' | 'service' | 'model' | 'tag' | 'user_id' | 'threshold' | 'window' | 'min_samples' | 'quality_floor' | 'quality_threshold' | 'webhook_url' | 'slack_webhook_url',
  string
> & {
  enabled: boolean;
};

export const EMPTY_RULE: RuleFields = {
  name: '',
  type: 'cost_spike',
  service: '',
  model: '',
  tag: '',
  user_id: '',
  threshold: '2',
  window: '1h',
  min_samples: '',
  quality_floor: '',
  quality_threshold: '',
  webhook_url: '',
  slack_webhook_url: '',
  enabled: true,
};

/** The rule body from the form: optional fields left out when empty, numbers parsed; an error message when invalid. */
export function ruleFromFields(fields: RuleFields): { rule: AlertRuleInput } | { error: string } {
  const threshold = Number(fields.threshold);
  if (fields.name.trim() === '') return { error: 'a rule needs a name' };
  if (fields.threshold.trim() === '' || !Number.isFinite(threshold) || threshold < 0) return { error: 'threshold must be a number ≥ 0' };
  if (!/^\d+[mhd]$/.test(fields.window.trim())) return { error: 'window is a duration like 15m, 1h or 1d' };
  const rule: AlertRuleInput = { name: fields.name.trim(), type: fields.type as AlertType, threshold, window: fields.window.trim(), enabled: fields.enabled };
  for (const key of ['service', 'model', 'tag', 'user_id', 'webhook_url', 'slack_webhook_url'] as const) {
    const value = fields[key].trim();
    if (value !== '') rule[key] = value;
  }
  if (fields.min_samples.trim() !== '') rule.min_samples = Number(fields.min_samples);
  // Kept as written on the types that take them (empty: the API's default), left out on the others.
  const takes = qualityFieldsOf(fields.type);
  for (const key of ['quality_floor', 'quality_threshold'] as const) {
    if (!(key === 'quality_floor' ? takes.floor : takes.threshold) || fields[key].trim() === '') continue;
    const value = Number(fields[key]);
    if (!(value > 0 && value <= 1)) return { error: `${key} must be a number above 0 and at most 1` };
    rule[key] = value;
  }
  return { rule };
}

/** The form's fields for an existing rule. */
export function fieldsFromRule(rule: AlertRuleInput): RuleFields {
  const text = (value: string | number | undefined | null) => (value === undefined || value === null ? '' : String(value));
  return {
    name: rule.name,
    type: rule.type,
    service: text(rule.service),
    model: text(rule.model),
    tag: text(rule.tag),
    user_id: text(rule.user_id),
    threshold: text(rule.threshold),
    window: rule.window,
    min_samples: text(rule.min_samples),
    quality_floor: text(rule.quality_floor),
    quality_threshold: text(rule.quality_threshold),
    webhook_url: text(rule.webhook_url),
    slack_webhook_url: text(rule.slack_webhook_url),
    enabled: rule.enabled,
  };
}

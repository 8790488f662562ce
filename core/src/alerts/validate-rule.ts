import { ALERT_DEFAULTS, ALERT_TYPES, type AlertRule, type AlertType } from './rule.js';
import { parseWindow, windowLabel } from './window.js';

/** The rule fields a client writes (POST and PUT /api/alert-rules). */
export type AlertRuleInput = Omit<AlertRule, 'ruleId' | 'projectId'>;

export type RuleValidation = { ok: true; rule: AlertRuleInput } | { ok: false; field: string; message: string };

const FIELDS = ['name', 'type', 'service', 'model', 'tag', 'user_id', 'threshold', 'window', 'min_samples', 'quality_floor', 'quality_threshold', 'webhook_url', 'slack_webhook_url', 'enabled'] as const;

/** What a threshold means and may be, per kind (API.md). */
const THRESHOLD_RANGE: Record<AlertType, { min: number; max: number; inclusiveMin: boolean; says: string }> = {
  cost_spike: { min: 0, max: 1000, inclusiveMin: false, says: 'the ratio of increase over the baseline (2 = +200%), above 0' },
  latency_spike: { min: 0, max: 1000, inclusiveMin: false, says: 'the ratio of increase over the baseline (2 = +200%), above 0' },
  dual_signal: { min: 0, max: 1000, inclusiveMin: false, says: 'the ratio of cost increase over the baseline (2 = +200%), above 0' },
  quality_drop: { min: 0, max: 1, inclusiveMin: false, says: 'the fraction of decrease (0.2 = -20%), above 0 and at most 1' },
  error_rate: { min: 0, max: 1, inclusiveMin: false, says: 'a fraction of calls, above 0 and at most 1' },
  budget: { min: 0, max: 1e12, inclusiveMin: false, says: 'USD per window, above 0' },
};

class FieldError extends Error {
  constructor(readonly field: string, message: string) {
    super(message);
  }
}

function optionalText(body: Record<string, unknown>, field: string, max = 256): string | null {
  const value = body[field];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || value.length === 0 || value.length > max) throw new FieldError(field, `must be a string of 1 to ${max} characters, or null`);
  return value;
}

function optionalUrl(body: Record<string, unknown>, field: string): string | null {
  const value = optionalText(body, field, 2048);
  if (value === null) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new FieldError(field, 'must be an http or https URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new FieldError(field, 'must be an http or https URL');
  return value;
}

function optionalFraction(body: Record<string, unknown>, field: string, fallback: number | null): number | null {
  const value = body[field];
  if (value === undefined) return fallback;
  if (value === null) return null;
  if (typeof value !== 'number' || !(value > 0 && value <= 1)) throw new FieldError(field, 'must be a number above 0 and at most 1, or null');
  return value;
}

function parse(body: Record<string, unknown>): AlertRuleInput {
  const unknown = Object.keys(body).filter((key) => !(FIELDS as readonly string[]).includes(key));
  if (unknown.length > 0) throw new FieldError(unknown[0] as string, `unknown field (known: ${FIELDS.join(', ')})`);
  const { name, type } = body;
  if (typeof name !== 'string' || name.trim().length === 0 || name.length > 200) throw new FieldError('name', 'must be a non-empty string of at most 200 characters');
  if (typeof type !== 'string' || !(ALERT_TYPES as readonly string[]).includes(type)) throw new FieldError('type', `must be one of ${ALERT_TYPES.join(', ')}`);
  const kind = type as AlertType;
  const defaults = ALERT_DEFAULTS[kind];

  const range = THRESHOLD_RANGE[kind];
  const threshold = body.threshold ?? defaults.threshold;
  if (threshold === null || threshold === undefined) throw new FieldError('threshold', `is required for ${kind}: ${range.says}`);
  if (typeof threshold !== 'number' || !Number.isFinite(threshold) || threshold <= range.min || threshold > range.max) throw new FieldError('threshold', `must be ${range.says}`);

  const windowText = body.window ?? defaults.window;
  if (typeof windowText !== 'string') throw new FieldError('window', 'must be a string such as "1h"');
  const spec = parseWindow(windowText, kind === 'budget');
  if (!spec) throw new FieldError('window', kind === 'budget' ? 'a budget window is 1d, 1w or 1mo (UTC calendar day, ISO week, month)' : 'must be a duration from 1m to 7d in whole seconds, such as "1h" or "15m"');

  const minSamples = body.min_samples ?? defaults.minSamples;
  if (typeof minSamples !== 'number' || !Number.isInteger(minSamples) || minSamples < 1 || minSamples > 1_000_000) throw new FieldError('min_samples', 'must be a whole number from 1 to 1000000');

  const enabled = body.enabled ?? true;
  if (typeof enabled !== 'boolean') throw new FieldError('enabled', 'must be true or false');

  const usesQuality = kind === 'quality_drop' || kind === 'dual_signal';
  if (!usesQuality && body.quality_floor !== undefined && body.quality_floor !== null) throw new FieldError('quality_floor', 'applies to quality_drop and dual_signal rules only');
  if (kind !== 'dual_signal' && body.quality_threshold !== undefined && body.quality_threshold !== null) throw new FieldError('quality_threshold', 'applies to dual_signal rules only');

  return {
    name: name.trim(),
    type: kind,
    service: optionalText(body, 'service'),
    model: optionalText(body, 'model'),
    tag: optionalText(body, 'tag'),
    userId: optionalText(body, 'user_id'),
    threshold,
    window: windowLabel(spec, windowText),
    minSamples,
    qualityFloor: usesQuality ? optionalFraction(body, 'quality_floor', defaults.qualityFloor) : null,
    qualityThreshold: kind === 'dual_signal' ? optionalFraction(body, 'quality_threshold', defaults.qualityThreshold) : null,
    webhookUrl: optionalUrl(body, 'webhook_url'),
    slackWebhookUrl: optionalUrl(body, 'slack_webhook_url'),
    enabled,
  };
}

/** Checks a rule written by a client and fills in the defaults; a problem names its field. */
export function validateRuleInput(body: unknown): RuleValidation {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { ok: false, field: 'body', message: 'must be a JSON object' };
  try {
    return { ok: true, rule: parse(body as Record<string, unknown>) };
  } catch (error) {
    if (error instanceof FieldError) return { ok: false, field: error.field, message: `${error.field}: ${error.message}` };
    throw error;
  }
}

import { describe, expect, it } from 'vitest';
import type { AlertFact } from './fact.js';
import { incidentAction, resolvesByTime } from './incident.js';
import { judgeWindow } from './judge.js';
import { ALERT_DEFAULTS, type AlertRule, type AlertType } from './rule.js';
import { addFact, emptyWindowStats, type WindowStats } from './window-stats.js';

function rule(type: AlertType, overrides: Partial<AlertRule> = {}): AlertRule {
  const d = ALERT_DEFAULTS[type];
  return { ruleId: 'r', projectId: 'p', name: 'n', type, service: null, model: null, tag: null, userId: null, threshold: d.threshold ?? 10, window: d.window, minSamples: 5, qualityFloor: d.qualityFloor, qualityThreshold: d.qualityThreshold, webhookUrl: null, slackWebhookUrl: null, enabled: true, ...overrides };
}

let n = 0;
function fact(values: Partial<AlertFact>): AlertFact {
  n += 1;
  return { projectId: 'p', traceId: `t${n}`, spanId: `s${n}`, startMs: 0, service: 'svc', model: 'm', costUsd: 1, latencyMs: 100, error: false, qualityScore: null, userId: null, tags: [], ...values };
}

function windowOf(type: AlertType, facts: Array<Partial<AlertFact>>): WindowStats {
  return facts.reduce((stats, values) => addFact(stats, type, fact(values)), emptyWindowStats());
}
const calls = (count: number, values: Partial<AlertFact>) => Array.from({ length: count }, () => values);

describe('judgeWindow', () => {
  const steady = (type: AlertType, values: Partial<AlertFact> = {}) => [1, 2, 3, 4].map(() => windowOf(type, calls(10, values)));

  it('a cost per call three times the baseline median breaches a +200% cost spike', () => {
    const verdict = judgeWindow(rule('cost_spike'), windowOf('cost_spike', calls(10, { costUsd: 3 })), steady('cost_spike'));
    expect(verdict).toMatchObject({ state: 'breach', baseline: 1, current: 3, changePct: 200 });
    expect(judgeWindow(rule('cost_spike'), windowOf('cost_spike', calls(10, { costUsd: 2.9 })), steady('cost_spike')).state).toBe('normal');
  });

  it('one outlier call never breaches alone', () => {
    const window = windowOf('cost_spike', [...calls(9, { costUsd: 1 }), { costUsd: 100 }]);
    expect(judgeWindow(rule('cost_spike'), window, steady('cost_spike')).state).toBe('normal');
  });

  it('is unknown with too few calls or too few baseline windows', () => {
    expect(judgeWindow(rule('cost_spike'), windowOf('cost_spike', calls(4, { costUsd: 9 })), steady('cost_spike')).state).toBe('unknown');
    expect(judgeWindow(rule('cost_spike'), windowOf('cost_spike', calls(10, { costUsd: 9 })), steady('cost_spike').slice(0, 2)).state).toBe('unknown');
  });

  it('one odd baseline window moves the median not', () => {
    const history = [...steady('cost_spike'), windowOf('cost_spike', calls(10, { costUsd: 50 }))];
    expect(judgeWindow(rule('cost_spike'), windowOf('cost_spike', calls(10, { costUsd: 3 })), history)).toMatchObject({ state: 'breach', baseline: 1 });
  });

  it('a noisy baseline needs a change beyond three robust deviations', () => {
    const history = [1, 3, 5, 7, 9].map((cost) => windowOf('cost_spike', calls(10, { costUsd: cost })));
    // median 5, scaled MAD ≈ 3: +200% (15) is a breach, but only because it also beats the noise
    expect(judgeWindow(rule('cost_spike'), windowOf('cost_spike', calls(10, { costUsd: 15 })), history).state).toBe('breach');
    expect(judgeWindow(rule('cost_spike', { threshold: 0.5 }), windowOf('cost_spike', calls(10, { costUsd: 8 })), history).state).toBe('normal');
  });

  it('quality drops by the fraction or under the floor', () => {
    const history = steady('quality_drop', { qualityScore: 0.9 });
    expect(judgeWindow(rule('quality_drop'), windowOf('quality_drop', calls(10, { qualityScore: 0.72 })), history).state).toBe('breach');
    expect(judgeWindow(rule('quality_drop', { qualityFloor: null }), windowOf('quality_drop', calls(10, { qualityScore: 0.8 })), history).state).toBe('normal');
    expect(judgeWindow(rule('quality_drop'), windowOf('quality_drop', calls(10, { qualityScore: 0.6 })), []).state).toBe('breach');
    expect(judgeWindow(rule('quality_drop'), windowOf('quality_drop', calls(10, { qualityScore: 0.85 })), []).state).toBe('normal');
  });

  it('the dual signal needs cost up and quality down in the same window', () => {
    const history = steady('dual_signal', { costUsd: 1, qualityScore: 0.9 });
    const both = judgeWindow(rule('dual_signal'), windowOf('dual_signal', calls(10, { costUsd: 4, qualityScore: 0.5 })), history);
    expect(both).toMatchObject({ state: 'breach', baseline: 1, current: 4 });
    expect(both.quality!.baseline).toBeCloseTo(0.9, 9);
    expect(both.quality!.current).toBeCloseTo(0.5, 9);
    expect(judgeWindow(rule('dual_signal'), windowOf('dual_signal', calls(10, { costUsd: 4, qualityScore: 0.9 })), history).state).toBe('normal');
    expect(judgeWindow(rule('dual_signal'), windowOf('dual_signal', calls(10, { costUsd: 1, qualityScore: 0.5 })), history).state).toBe('normal');
  });

  it('a budget breaches at its amount, an error rate at its share with two errors at least', () => {
    expect(judgeWindow(rule('budget', { threshold: 5 }), windowOf('budget', calls(1, { costUsd: 4.99 })), []).state).toBe('normal');
    expect(judgeWindow(rule('budget', { threshold: 5 }), windowOf('budget', calls(5, { costUsd: 1 })), [])).toMatchObject({ state: 'breach', current: 5 });
    expect(judgeWindow(rule('error_rate', { threshold: 0.1 }), windowOf('error_rate', [...calls(18, {}), ...calls(2, { error: true })]), []).state).toBe('breach');
    expect(judgeWindow(rule('error_rate', { threshold: 0.05 }), windowOf('error_rate', [...calls(19, {}), { error: true }]), []).state).toBe('normal');
  });
});

describe('incidents', () => {
  it('a breach fires once; later breaches extend; a later normal window resolves; a cooldown holds a new one', () => {
    expect(incidentAction('breach', 10, null, null, 0, 1000)).toBe('fire');
    const open = { lastBreachWindowMs: 10, lastBreachAtMs: 0 };
    expect(incidentAction('breach', 20, open, null, 0, 1000)).toBe('extend');
    expect(incidentAction('normal', 10, open, null, 0, 1000)).toBe('none');
    expect(incidentAction('normal', 20, open, null, 0, 1000)).toBe('resolve');
    expect(incidentAction('unknown', 20, open, null, 0, 1000)).toBe('none');
    expect(incidentAction('breach', 30, null, 500, 1000, 1000)).toBe('none');
    expect(incidentAction('breach', 30, null, 500, 1500, 1000)).toBe('fire');
  });

  it('a budget resolves when its window closes; a spike after a quiet window of wall clock', () => {
    const day = { kind: 'calendar', unit: 'day' } as const;
    expect(resolvesByTime('budget', day, { lastBreachWindowMs: 0, lastBreachAtMs: 5 }, 86_399_999)).toBe(false);
    expect(resolvesByTime('budget', day, { lastBreachWindowMs: 0, lastBreachAtMs: 5 }, 86_400_000)).toBe(true);
    const hour = { kind: 'fixed', ms: 3_600_000 } as const;
    expect(resolvesByTime('cost_spike', hour, { lastBreachWindowMs: 0, lastBreachAtMs: 1000 }, 3_600_999)).toBe(false);
    expect(resolvesByTime('cost_spike', hour, { lastBreachWindowMs: 0, lastBreachAtMs: 1000 }, 3_601_000)).toBe(true);
  });
});

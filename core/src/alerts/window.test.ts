import { describe, expect, it } from 'vitest';
import { decodeAlertFacts, encodeAlertFacts, type AlertFact } from './fact.js';
import { validateRuleInput } from './validate-rule.js';
import { parseWindow, shiftWindowMs, windowStartMs } from './window.js';

describe('windows by event time', () => {
  it('fixed windows align on the epoch; budgets on the UTC day, ISO week and month', () => {
    const t = Date.UTC(2026, 11, 3, 14, 37, 12); // a Thursday
    expect(windowStartMs(parseWindow('1h', false)!, t)).toBe(Date.UTC(2026, 11, 3, 14));
    expect(windowStartMs(parseWindow('15m', false)!, t)).toBe(Date.UTC(2026, 11, 3, 14, 30));
    expect(windowStartMs(parseWindow('1d', true)!, t)).toBe(Date.UTC(2026, 11, 3));
    expect(windowStartMs(parseWindow('1w', true)!, t)).toBe(Date.UTC(2026, 10, 30)); // Monday
    expect(windowStartMs(parseWindow('1mo', true)!, t)).toBe(Date.UTC(2026, 11, 1));
    expect(shiftWindowMs(parseWindow('1mo', true)!, Date.UTC(2026, 11, 1), 1)).toBe(Date.UTC(2027, 0, 1));
    expect(shiftWindowMs(parseWindow('1h', false)!, Date.UTC(2026, 11, 3, 14), -24)).toBe(Date.UTC(2026, 11, 2, 14));
  });

  it('refuses windows a kind cannot have', () => {
    expect(parseWindow('1h', true)).toBeNull();
    expect(parseWindow('30s', false)).toBeNull();
    expect(parseWindow('8d', false)).toBeNull();
    expect(parseWindow('1mo', false)).toBeNull();
  });
});

describe('rule validation', () => {
  it('fills in the defaults of the kind', () => {
    const checked = validateRuleInput({ name: 'x', type: 'dual_signal' });
    expect(checked).toMatchObject({ ok: true, rule: { threshold: 2, window: '1h', minSamples: 20, qualityFloor: 0.7, qualityThreshold: 0.2, enabled: true } });
    expect(validateRuleInput({ name: 'x', type: 'budget', threshold: 50, window: 'week' })).toMatchObject({ ok: true, rule: { window: '1w' } });
  });

  it('names the field of every problem', () => {
    expect(validateRuleInput({ name: 'x', type: 'cost_spike', quality_floor: 0.5 })).toMatchObject({ ok: false, field: 'quality_floor' });
    expect(validateRuleInput({ name: 'x', type: 'error_rate', threshold: 0 })).toMatchObject({ ok: false, field: 'threshold' });
    expect(validateRuleInput([])).toMatchObject({ ok: false, field: 'body' });
  });
});

describe('alert facts on the wire', () => {
  it('round-trip', () => {
    const fact: AlertFact = { projectId: 'p', traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), startMs: 1_700_000_000_123, service: 's', model: null, costUsd: 0.25, latencyMs: 12.5, error: true, qualityScore: 0.4, userId: 'u', tags: ['x:y'] };
    expect(decodeAlertFacts(encodeAlertFacts([fact]))).toEqual([fact]);
    expect(() => decodeAlertFacts(new TextEncoder().encode('{"v":2}'))).toThrow();
  });
});

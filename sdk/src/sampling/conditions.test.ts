import { describe, expect, it } from 'vitest';
import { conditionMatches, validateConditions, valueMatches, type SampleSubject } from './conditions.js';

function subject(fields: { error?: boolean; latencyMs?: number; costUsd?: number; values?: Record<string, string | number> }): SampleSubject {
  return {
    isError: () => fields.error ?? false,
    latencyMs: () => fields.latencyMs ?? 0,
    costUsd: () => fields.costUsd,
    value: (key) => fields.values?.[key],
  };
}

describe('valueMatches', () => {
  it('compares a bare value or $eq exactly', () => {
    expect(valueMatches('pro', 'pro')).toBe(true);
    expect(valueMatches('pro', { $eq: 'free' })).toBe(false);
    expect(valueMatches(3, 3)).toBe(true);
  });

  it('checks $in membership and numeric bounds, all of them', () => {
    expect(valueMatches('vip-2', { $in: ['vip-1', 'vip-2'] })).toBe(true);
    expect(valueMatches('u-3', { $in: ['vip-1'] })).toBe(false);
    expect(valueMatches(5, { $gt: 1, $lt: 10 })).toBe(true);
    expect(valueMatches(10, { $gt: 1, $lt: 10 })).toBe(false);
    expect(valueMatches(10, { $gte: 10, $lte: 10 })).toBe(true);
  });

  it('never matches an absent value or a string against a number bound', () => {
    expect(valueMatches(undefined, { $gt: -1 })).toBe(false);
    expect(valueMatches('12', { $gt: 1 })).toBe(false);
  });
});

describe('conditionMatches', () => {
  it('requires every key of a condition', () => {
    const condition = { error: true, plan: 'enterprise' };
    expect(conditionMatches(condition, subject({ error: true, values: { plan: 'enterprise' } }))).toBe(true);
    expect(conditionMatches(condition, subject({ error: true, values: { plan: 'free' } }))).toBe(false);
    expect(conditionMatches(condition, subject({ error: false, values: { plan: 'enterprise' } }))).toBe(false);
  });

  it('reads costUsd and latencyMs from the subject, and a cost it cannot know matches nothing', () => {
    expect(conditionMatches({ costUsd: { $gt: 0.01 } }, subject({ costUsd: 0.02 }))).toBe(true);
    expect(conditionMatches({ costUsd: { $gt: 0.01 } }, subject({}))).toBe(false);
    expect(conditionMatches({ latencyMs: { $gt: 100 } }, subject({ latencyMs: 150 }))).toBe(true);
  });
});

describe('validateConditions', () => {
  it('rejects unknown operators, a non-array $in and a non-boolean error', () => {
    expect(() => validateConditions([{ latencyMs: { $ne: 3 } as never }])).toThrow(/unknown operator \$ne/);
    expect(() => validateConditions([{ userId: { $in: 'vip' as never } }])).toThrow(/\$in must be an array/);
    expect(() => validateConditions([{ error: 'yes' as never }])).toThrow(/true or false/);
    expect(() => validateConditions([{ error: true, costUsd: { $gt: 1 } }])).not.toThrow();
  });
});

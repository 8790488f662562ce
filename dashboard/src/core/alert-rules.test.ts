import { describe, expect, it } from 'vitest';
import { EMPTY_RULE, fieldsFromRule, ruleFromFields } from './alert-rules';

describe('an alert rule from the form', () => {
  it('leaves empty optional fields out and parses numbers', () => {
    const result = ruleFromFields({ ...EMPTY_RULE, name: ' spend ', type: 'budget', threshold: '25', window: '1d', service: 'checkout', min_samples: '30' });
    expect(result).toEqual({ rule: { name: 'spend', type: 'budget', threshold: 25, window: '1d', enabled: true, service: 'checkout', min_samples: 30 } });
    if ('rule' in result) expect(ruleFromFields(fieldsFromRule(result.rule))).toEqual(result);
  });

  it('keeps the quality floor and threshold on the types that take them, and leaves them out on the others', () => {
    const dual = { name: 'cost up, quality down', type: 'dual_signal' as const, threshold: 1.5, window: '1h', enabled: true, quality_floor: 0.6, quality_threshold: 0.15 };
    expect(ruleFromFields(fieldsFromRule(dual))).toEqual({ rule: dual });
    const drop = ruleFromFields({ ...fieldsFromRule(dual), type: 'quality_drop', threshold: '0.2' });
    expect(drop).toEqual({ rule: { name: dual.name, type: 'quality_drop', threshold: 0.2, window: '1h', enabled: true, quality_floor: 0.6 } });
    expect(ruleFromFields({ ...fieldsFromRule(dual), type: 'cost_spike' })).toEqual({ rule: { name: dual.name, type: 'cost_spike', threshold: 1.5, window: '1h', enabled: true } });
    expect(ruleFromFields({ ...fieldsFromRule(dual), quality_floor: '1.5' })).toEqual({ error: 'quality_floor must be a number above 0 and at most 1' });
  });

  it('names what is wrong', () => {
    expect(ruleFromFields({ ...EMPTY_RULE, name: '' })).toEqual({ error: 'a rule needs a name' });
    expect(ruleFromFields({ ...EMPTY_RULE, name: 'x', threshold: 'lots' })).toEqual({ error: 'threshold must be a number ≥ 0' });
    expect(ruleFromFields({ ...EMPTY_RULE, name: 'x', window: 'an hour' })).toEqual({ error: 'window is a duration like 15m, 1h or 1d' });
  });
});

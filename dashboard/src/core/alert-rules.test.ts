import { describe, expect, it } from 'vitest';
import { EMPTY_RULE, fieldsFromRule, ruleFromFields } from './alert-rules';

describe('an alert rule from the form', () => {
  it('leaves empty optional fields out and parses numbers', () => {
    const result = ruleFromFields({ ...EMPTY_RULE, name: ' spend ', type: 'budget', threshold: '25', window: '1d', service: 'checkout', min_samples: '30' });
    expect(result).toEqual({ rule: { name: 'spend', type: 'budget', threshold: 25, window: '1d', enabled: true, service: 'checkout', min_samples: 30 } });
    if ('rule' in result) expect(ruleFromFields(fieldsFromRule(result.rule))).toEqual(result);
  });

  it('names what is wrong', () => {
    expect(ruleFromFields({ ...EMPTY_RULE, name: '' })).toEqual({ error: 'a rule needs a name' });
    expect(ruleFromFields({ ...EMPTY_RULE, name: 'x', threshold: 'lots' })).toEqual({ error: 'threshold must be a number ≥ 0' });
    expect(ruleFromFields({ ...EMPTY_RULE, name: 'x', window: 'an hour' })).toEqual({ error: 'window is a duration like 15m, 1h or 1d' });
  });
});

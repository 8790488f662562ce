import { describe, expect, it } from 'vitest';
import { regressionsFirst, responseDiff, runOverrides } from './replay-results';

describe('replay results', () => {
  it('diff word by word', () => {
    expect(responseDiff('the quick fox', 'the fast fox')).toEqual([
      { text: 'the ', change: 'same' },
      { text: 'quick', change: 'removed' },
      { text: 'fast', change: 'added' },
      { text: ' fox', change: 'same' },
    ]);
  });

  it('put regressions first, then failures, then the lowest scores', () => {
    const results = [
      { id: 'a', regression: false, status: 'completed', semantic_score: 0.9 },
      { id: 'b', regression: true, status: 'completed', semantic_score: 0.5 },
      { id: 'c', regression: false, status: 'failed', semantic_score: null },
      { id: 'd', regression: false, status: 'completed', semantic_score: 0.75 },
      { id: 'e', regression: true, status: 'completed', semantic_score: 0.2 },
    ];
    expect(regressionsFirst(results).map((r) => r.id)).toEqual(['e', 'b', 'c', 'd', 'a']);
  });

  it('leave empty overrides out and parse the numeric ones', () => {
    expect(runOverrides({ model: ' gpt-4o-mini ', provider: '', temperature: '0.2', max_tokens: '', system_prompt: '', prompt_template: 'Be brief. {{input}}' })).toEqual({
      model: 'gpt-4o-mini',
      temperature: 0.2,
      prompt_template: 'Be brief. {{input}}',
    });
  });
});

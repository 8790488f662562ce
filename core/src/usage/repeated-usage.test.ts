import { describe, expect, it } from 'vitest';
import { spansRepeatingUsage, type UsageNode } from './repeated-usage.js';

const node = (spanId: string, parentSpanId: string | null, extra: Partial<UsageNode> = {}): UsageNode => ({
  traceId: 't1',
  spanId,
  parentSpanId,
  start: 0,
  end: 100,
  carriesUsage: true,
  wrapperKind: null,
  provider: 'openai',
  ...extra,
});

describe('spans that repeat usage counted on another span', () => {
  it('an agent with usage and no LLM call under it is the call', () => {
    expect(spansRepeatingUsage([node('agent', null, { wrapperKind: 'grouping' }), node('tool', 'agent', { carriesUsage: false })])).toEqual(new Set());
  });

  it('an agent whose usage repeats an LLM call below it (through a tool span) repeats it', () => {
    const nodes = [node('agent', null, { wrapperKind: 'grouping' }), node('tool', 'agent', { carriesUsage: false }), node('chat', 'tool')];
    expect(spansRepeatingUsage(nodes)).toEqual(new Set(['t1/agent']));
  });

  it('of nested agents with usage and no call below, only the inner one is counted', () => {
    const nodes = [node('outer', null, { wrapperKind: 'grouping' }), node('inner', 'outer', { wrapperKind: 'grouping' })];
    expect(spansRepeatingUsage(nodes)).toEqual(new Set(['t1/outer']));
  });

  it('a framework LLM span repeats the SDK call made beside it within its time, not one of another provider or trace', () => {
    const framework = node('langchain', 'app', { wrapperKind: 'framework', start: 10, end: 90 });
    expect(spansRepeatingUsage([framework, node('openai', 'app', { start: 20, end: 80 })])).toEqual(new Set(['t1/langchain']));
    expect(spansRepeatingUsage([framework, node('anthropic', 'app', { start: 20, end: 80, provider: 'anthropic' })])).toEqual(new Set());
    expect(spansRepeatingUsage([framework, node('later', 'app', { start: 95, end: 99 })])).toEqual(new Set());
    expect(spansRepeatingUsage([framework, node('other', 'app', { traceId: 't2', start: 20, end: 80 })])).toEqual(new Set());
  });

  it('a grouping span does not repeat a sibling call', () => {
    expect(spansRepeatingUsage([node('agent', 'app', { wrapperKind: 'grouping' }), node('chat', 'app', { start: 10, end: 20 })])).toEqual(new Set());
  });
});

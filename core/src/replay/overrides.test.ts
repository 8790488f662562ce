import { describe, expect, it } from 'vitest';
import { ReplayError } from './errors.js';
import { applyOverrides, fillPromptTemplate } from './overrides.js';
import type { LlmRequest } from './request.js';

const original: LlmRequest = {
  provider: 'openai',
  model: 'gpt-4o',
  system: 'You are a support agent.',
  messages: [
    { role: 'user', content: 'My order is late' },
    { role: 'assistant', content: 'Sorry! What is the order number?' },
    { role: 'user', content: 'It is A-100' },
  ],
  temperature: 0.2,
  maxTokens: 300,
};

describe('run overrides', () => {
  it('changes model, provider (canonical spelling), temperature and max tokens, and nothing else', () => {
    const next = applyOverrides(original, { model: 'claude-sonnet-4-5', provider: 'Anthropic', temperature: 0, maxTokens: 64 });
    expect(next).toEqual({ ...original, model: 'claude-sonnet-4-5', provider: 'anthropic', temperature: 0, maxTokens: 64 });
  });

  it('replaces the system prompt, or removes it with an empty one', () => {
    expect(applyOverrides(original, { systemPrompt: 'Be terse.' }).system).toBe('Be terse.');
    expect(applyOverrides(original, { systemPrompt: '' }).system).toBeNull();
  });

  it('puts the original input (the last user turn) into the prompt template, and leaves earlier turns', () => {
    const next = applyOverrides(original, { promptTemplate: 'Customer says: {{input}}\nAnswer in one line.' });
    expect(next.messages).toEqual([
      original.messages[0],
      original.messages[1],
      { role: 'user', content: 'Customer says: It is A-100\nAnswer in one line.' },
    ]);
  });

  it('does not change the request it was given', () => {
    const copy = structuredClone(original);
    applyOverrides(original, { promptTemplate: '>> {{input}}', model: 'gpt-4o-mini', systemPrompt: '' });
    expect(original).toEqual(copy);
  });

  it('inserts the input verbatim, dollar signs included, at every placeholder', () => {
    expect(fillPromptTemplate('{{ input }} / {{input}}', 'costs $& and $1')).toBe('costs $& and $1 / costs $& and $1');
  });

  it('refuses a template without {{input}}, with a typed error', () => {
    expect(() => applyOverrides(original, { promptTemplate: 'Answer briefly.' })).toThrow(ReplayError);
    expect(() => fillPromptTemplate('{input}', 'x')).toThrow(/must contain \{\{input\}\}/);
  });
});

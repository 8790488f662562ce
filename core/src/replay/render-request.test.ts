import { describe, expect, it } from 'vitest';
import { rebuildRequest } from './rebuild-request.js';
import { lastUserInput, renderRequestPrompt } from './render-request.js';

describe('renderRequestPrompt', () => {
  it('writes one user turn as its text and gives back a stored prompt unchanged', () => {
    expect(renderRequestPrompt({ messages: [{ role: 'user', content: 'Hi there' }] })).toBe('Hi there');
    const conversation = JSON.stringify([
      { role: 'user', content: 'My order is late' },
      { role: 'assistant', content: 'Which order?' },
      { role: 'user', content: 'A-100' },
    ]);
    const { request } = rebuildRequest({ provider: 'openai', model: 'gpt-4o', prompt: conversation, systemPrompt: 'Be brief.', attributes: {} });
    expect(renderRequestPrompt(request)).toBe(conversation);
  });

  it('writes a conversation with tool calls left out, as stored prompts are', () => {
    const prompt = renderRequestPrompt({
      messages: [
        { role: 'user', content: 'Weather?' },
        { role: 'assistant', content: '', toolCalls: [{ id: 'c1', name: 'weather', arguments: '{}' }] },
        { role: 'tool', content: '21', toolCallId: 'c1' },
      ],
    });
    expect(JSON.parse(prompt)).toEqual([
      { role: 'user', content: 'Weather?' },
      { role: 'assistant', content: '' },
      { role: 'tool', content: '21' },
    ]);
  });
});

describe('lastUserInput', () => {
  it('is the last user turn, or null without one', () => {
    expect(lastUserInput({ messages: [{ role: 'user', content: 'a' }, { role: 'assistant', content: 'b' }, { role: 'user', content: 'c' }] })).toBe('c');
    expect(lastUserInput({ messages: [{ role: 'assistant', content: 'b' }] })).toBeNull();
  });
});

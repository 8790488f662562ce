import { describe, expect, it } from 'vitest';
import { conversationOf, formatToolArguments } from './conversation';

describe('a call as a conversation', () => {
  it('renders a single prompt as one user turn between the system prompt and the response', () => {
    expect(conversationOf({ system_prompt: 'Be brief.', prompt: 'Hi [there]', response: 'Hello.' })).toEqual([
      { role: 'system', content: 'Be brief.', structured: false },
      { role: 'user', content: 'Hi [there]', structured: false },
      { role: 'assistant', content: 'Hello.', structured: false },
    ]);
  });

  it('renders a stored conversation turn by turn, tool calls as formatted JSON', () => {
    const prompt = JSON.stringify([
      { role: 'user', content: 'Weather in Oslo?' },
      { role: 'assistant', content: '{"tool_call":{"name":"weather","arguments":{"city":"Oslo"}}}' },
      { role: 'tool', content: '{"temp_c":4}' },
    ]);
    const turns = conversationOf({ system_prompt: null, prompt, response: 'It is 4 °C.' });
    expect(turns.map((turn) => [turn.role, turn.structured])).toEqual([['user', false], ['assistant', true], ['tool', true], ['assistant', false]]);
    expect(turns[2]!.content).toBe('{\n  "temp_c": 4\n}');
  });

  it('is empty when nothing was recorded', () => {
    expect(conversationOf({ system_prompt: null, prompt: null, response: null })).toEqual([]);
  });
});

describe('tool call arguments', () => {
  it('formats JSON strings and objects and keeps anything else as it came', () => {
    expect(formatToolArguments('{"city":"Paris"}')).toBe('{\n  "city": "Paris"\n}');
    expect(formatToolArguments({ days: 2 })).toBe('{\n  "days": 2\n}');
    expect(formatToolArguments('not json')).toBe('not json');
    expect(formatToolArguments(null)).toBe('{}');
  });
});

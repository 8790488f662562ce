import { describe, expect, it } from 'vitest';
import { keyEvents, orderedEvents } from '../events/gen-ai-event.js';
import { contentFromEvents, mergeEventContent, type ContentEvent, type EventContent } from './event-content.js';

const event = (name: string, time: number, body: ContentEvent['body'], attributes: ContentEvent['attributes'] = {}): ContentEvent => ({
  name,
  timeUnixNano: String(time),
  attributes,
  body,
});

const chat: ContentEvent[] = [
  event('gen_ai.system.message', 100, { content: 'Be brief.' }),
  event('gen_ai.user.message', 100, { content: 'Capital of France?' }),
  event('gen_ai.choice', 200, { index: 0, finish_reason: 'stop', message: { content: 'Paris.' } }),
];

describe('contentFromEvents', () => {
  it('reads message and choice events (semconv v1.28–1.36 bodies)', () => {
    expect(contentFromEvents(chat)).toEqual({
      prompt: 'Capital of France?',
      systemPrompt: 'Be brief.',
      response: 'Paris.',
      finishReason: 'stop',
      toolCalls: null,
    });
  });

  it('renders a conversation with an earlier tool call as a JSON list, and a new tool call as tool_calls', () => {
    const content = contentFromEvents([
      event('gen_ai.user.message', 1, { content: 'Weather?' }),
      event('gen_ai.assistant.message', 2, { tool_calls: [{ id: 'c1', type: 'function', function: { name: 'weather', arguments: '{}' } }] }),
      event('gen_ai.tool.message', 3, { id: 'c1', content: 'sunny' }),
      event('gen_ai.choice', 4, { index: 0, finish_reason: 'tool_calls', message: { tool_calls: [{ id: 'c2', type: 'function', function: { name: 'forecast', arguments: '{"days":2}' } }] } }),
    ]);
    expect(JSON.parse(content.prompt!)).toEqual([
      { role: 'user', content: 'Weather?' },
      { role: 'assistant', content: '' },
      { role: 'tool', content: 'sunny' },
    ]);
    expect(content.toolCalls).toEqual([{ id: 'c2', name: 'forecast', arguments: '{"days":2}' }]);
    expect(content.finishReason).toBe('tool_calls');
    expect(content.response).toBeNull();
  });

  it('reads gen_ai.client.inference.operation.details like span attributes', () => {
    const content = contentFromEvents([
      event('gen_ai.client.inference.operation.details', 1, null, {
        'gen_ai.input.messages': [{ role: 'user', parts: [{ type: 'text', content: 'Hi' }] }],
        'gen_ai.system_instructions': [{ type: 'text', content: 'Be kind.' }],
      }),
      event('gen_ai.client.inference.operation.details', 2, null, {
        'gen_ai.output.messages': [{ role: 'assistant', parts: [{ type: 'text', content: 'Hello!' }, { type: 'tool_call', id: 't', name: 'wave', arguments: {} }], finish_reason: 'stop' }],
      }),
    ]);
    expect(content).toEqual({ prompt: 'Hi', systemPrompt: 'Be kind.', response: 'Hello!', finishReason: 'stop', toolCalls: [{ id: 't', name: 'wave', arguments: {} }] });
  });
});

describe('the join is order-free and idempotent', () => {
  const keyed = keyEvents(chat.map((e) => ({ ...e, traceId: 'a'.repeat(32), spanId: 'b'.repeat(16) })));

  it('gives the same order, hence the same content, whatever order the events came in', () => {
    const forward = orderedEvents(keyed);
    const backward = orderedEvents([...keyed].reverse());
    expect(backward).toEqual(forward);
    expect(forward.map((e) => e.name)).toEqual(['gen_ai.system.message', 'gen_ai.user.message', 'gen_ai.choice']);
  });

  it('keys a resent export the same, and two equal messages of one export apart', () => {
    const again = keyEvents(chat.map((e) => ({ ...e, traceId: 'a'.repeat(32), spanId: 'b'.repeat(16) })));
    expect(again.map((e) => e.key)).toEqual(keyed.map((e) => e.key));
    const twice = keyEvents([chat[1]!, chat[1]!].map((e) => ({ ...e, traceId: 'a'.repeat(32), spanId: 'b'.repeat(16) })));
    expect(new Set(twice.map((e) => e.key)).size).toBe(2);
  });

  it('keeps the span’s own values and refreshes only what events filled', () => {
    const own: EventContent = { prompt: 'own prompt', systemPrompt: null, response: null, finishReason: 'stop', toolCalls: null };
    const first = mergeEventContent(own, [], { prompt: 'logged', systemPrompt: null, response: 'partial', finishReason: 'length', toolCalls: null });
    expect(first.content).toEqual({ ...own, response: 'partial' });
    expect(first.filledByEvents).toEqual(['response']);
    const second = mergeEventContent(first.content, first.filledByEvents, { prompt: 'logged', systemPrompt: 'sys', response: 'whole', finishReason: 'length', toolCalls: null });
    expect(second.content).toEqual({ ...own, systemPrompt: 'sys', response: 'whole' });
    expect(second.filledByEvents).toEqual(['systemPrompt', 'response']);
  });
});

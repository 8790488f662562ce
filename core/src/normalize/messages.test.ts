import { describe, expect, it } from 'vitest';
import { attributeBag } from './attribute-bag.js';
import { contentText, chatMessages } from './message-content.js';
import { indexedItems } from './indexed-messages.js';
import { readMessageList, renderPrompt, renderResponse, renderSystemPrompt } from './messages.js';
import type { Attributes } from '../span.js';

const list = (attributes: Attributes, name: Parameters<typeof readMessageList>[1]) =>
  readMessageList(attributeBag(attributes), name);

describe('message content', () => {
  it('reads semconv parts and OpenAI-style parts alike, skipping tool calls and media', () => {
    expect(
      contentText([
        { type: 'text', content: 'Look at this' },
        { type: 'image_url', image_url: { url: 'https://x/y.png' } },
        { type: 'tool_call', id: 'c1', name: 'lookup', arguments: { q: 'a' } },
        { type: 'text', text: 'and tell me' },
      ]),
    ).toBe('Look at this\nand tell me');
  });

  it('keeps a tool result as the text the model read', () => {
    expect(contentText([{ type: 'tool_call_response', id: 'c1', response: { temperature: 21 } }])).toBe(
      '{"temperature":21}',
    );
    expect(contentText([{ type: 'tool-result', toolCallId: 'c1', result: 'sunny' }])).toBe('sunny');
  });

  it('reads a JSON string of parts as parts, and any other string verbatim', () => {
    expect(contentText('[{"type":"text","text":"hi there"}]')).toBe('hi there');
    expect(contentText('[1, 2, 3]')).toBe('[1, 2, 3]');
    expect(contentText('{"sku": "A-1"}')).toBe('{"sku": "A-1"}');
    expect(contentText('[not json at all')).toBe('[not json at all');
  });

  it('turns a plain, non-JSON string into one message with the default role', () => {
    expect(chatMessages('What is 2+2?', 'user')).toEqual([{ role: 'user', content: 'What is 2+2?' }]);
  });
});

describe('indexed lists', () => {
  it('rebuilds items in numeric index order past ten items', () => {
    const attributes: Attributes = {};
    for (let i = 11; i >= 0; i--) attributes[`gen_ai.prompt.${i}.content`] = `m${i}`;
    const items = indexedItems(attributes, 'gen_ai.prompt.');
    expect(items.map((item) => item.content)).toEqual([
      'm0', 'm1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7', 'm8', 'm9', 'm10', 'm11',
    ]);
  });

  it('ignores keys whose index is not a number', () => {
    expect(indexedItems({ 'gen_ai.prompt.x.role': 'user', 'gen_ai.prompt.0': 'bare' }, 'gen_ai.prompt.')).toEqual([]);
  });

  it('joins OpenInference content items, leaving out images', () => {
    const messages = list(
      {
        'llm.input_messages.0.message.role': 'user',
        'llm.input_messages.0.message.contents.0.message_content.type': 'text',
        'llm.input_messages.0.message.contents.0.message_content.text': 'What is in this picture?',
        'llm.input_messages.0.message.contents.1.message_content.type': 'image',
        'llm.input_messages.0.message.contents.1.message_content.image.image.url': 'https://x/cat.png',
        'llm.input_messages.0.message.contents.2.message_content.type': 'text',
        'llm.input_messages.0.message.contents.2.message_content.text': 'Be brief.',
      },
      'llm.input_messages.[i]',
    );
    expect(messages).toEqual([{ role: 'user', content: 'What is in this picture?\nBe brief.' }]);
  });
});

describe('rendering', () => {
  it('renders a single user message as its text, verbatim, quotes and newlines included', () => {
    const text = 'Translate "good morning"\ninto Italian';
    expect(renderPrompt([{ role: 'system', content: 'You translate.' }, { role: 'user', content: text }])).toBe(text);
  });

  it('renders a conversation as a JSON array of role and content, without the system message', () => {
    const prompt = renderPrompt([
      { role: 'system', content: 'You translate.' },
      { role: 'user', content: 'hello' },
      { role: 'assistant', content: 'ciao' },
      { role: 'user', content: 'and goodbye?' },
    ]);
    expect(prompt).not.toBeNull();
    expect(JSON.parse(prompt ?? '')).toEqual([
      { role: 'user', content: 'hello' },
      { role: 'assistant', content: 'ciao' },
      { role: 'user', content: 'and goodbye?' },
    ]);
  });

  it('has no prompt when the only messages are instructions', () => {
    expect(renderPrompt([{ role: 'system', content: 'Be nice.' }])).toBeNull();
  });

  it('treats the developer role as a system prompt', () => {
    expect(
      renderSystemPrompt([
        { role: 'developer', content: 'Answer in JSON.' },
        { role: 'system', content: 'Never guess.' },
        { role: 'user', content: 'hi' },
      ]),
    ).toBe('Answer in JSON.\nNever guess.');
  });

  it('joins the text of every output message and skips empty ones', () => {
    expect(
      renderResponse([
        { role: 'assistant', content: 'First choice' },
        { role: 'assistant', content: '' },
        { role: 'assistant', content: 'Second choice' },
      ]),
    ).toBe('First choice\nSecond choice');
    expect(renderResponse([{ role: 'assistant', content: '' }])).toBeNull();
  });
});

describe('message sources', () => {
  it('reads Vercel ai.prompt with system, prompt and messages', () => {
    expect(
      list(
        {
          'ai.prompt': JSON.stringify({
            system: 'Be terse.',
            messages: [{ role: 'user', content: [{ type: 'text', text: 'Summarize this' }] }],
          }),
        },
        'ai.prompt',
      ),
    ).toEqual([
      { role: 'system', content: 'Be terse.' },
      { role: 'user', content: 'Summarize this' },
    ]);
  });

  it('reads a Vercel ai.prompt that is not JSON as the user prompt', () => {
    expect(list({ 'ai.prompt': 'just words' }, 'ai.prompt')).toEqual([{ role: 'user', content: 'just words' }]);
  });

  it('answers null for a source that is absent, so the walk goes on', () => {
    expect(list({ 'gen_ai.request.model': 'gpt-4o' }, 'gen_ai.prompt.[i]')).toBeNull();
    expect(list({}, 'message events')).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { withoutContentAttributes } from './content-attributes.js';

describe('withoutContentAttributes', () => {
  it('drops message content of every family and keeps everything else', () => {
    const attributes = {
      'gen_ai.input.messages': '[…]',
      'gen_ai.output.messages': '[…]',
      'gen_ai.prompt.0.content': 'hi',
      'gen_ai.completion.0.role': 'assistant',
      'llm.input_messages.0.message.content': 'hi',
      'llm.output_messages.0.message.content': 'yo',
      'ai.prompt': '{}',
      'input.value': 'x',
      'gen_ai.request.model': 'gpt-4o',
      'gen_ai.usage.input_tokens': 10,
      'llm.token_count.prompt': 10,
      'gen_ai.prompt_caching': true,
    };
    expect(withoutContentAttributes(attributes)).toEqual({
      'gen_ai.request.model': 'gpt-4o',
      'gen_ai.usage.input_tokens': 10,
      'llm.token_count.prompt': 10,
      'gen_ai.prompt_caching': true,
    });
    expect(attributes['gen_ai.input.messages']).toBe('[…]');
  });

  it('returns the very same object when there is no content to drop', () => {
    const attributes = { 'http.method': 'GET' };
    expect(withoutContentAttributes(attributes)).toBe(attributes);
  });
});

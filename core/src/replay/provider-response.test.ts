import { describe, expect, it } from 'vitest';
import { readAnthropicResponse } from './anthropic-response.js';
import { ReplayError } from './errors.js';
import { readOpenAiChatResponse } from './openai-response.js';

const openAiBody = {
  id: 'chatcmpl-1',
  object: 'chat.completion',
  created: 1_700_000_000,
  model: 'gpt-4o-2024-08-06',
  choices: [{ index: 0, message: { role: 'assistant', content: 'Paris.', refusal: null }, finish_reason: 'stop', logprobs: null }],
  usage: { prompt_tokens: 120, completion_tokens: 3, total_tokens: 123, prompt_tokens_details: { cached_tokens: 100 } },
};

const anthropicBody = {
  id: 'msg_1',
  type: 'message',
  role: 'assistant',
  model: 'claude-sonnet-4-5-20250929',
  content: [
    { type: 'thinking', thinking: '…', signature: 'x' },
    { type: 'text', text: 'Paris.' },
  ],
  stop_reason: 'end_turn',
  stop_sequence: null,
  usage: { input_tokens: 20, output_tokens: 3, cache_read_input_tokens: 100, cache_creation_input_tokens: 5 },
};

function codeOf(read: () => unknown): string | undefined {
  try {
    read();
  } catch (error) {
    expect(error).toBeInstanceOf(ReplayError);
    return (error as ReplayError).code;
  }
  return undefined;
}

describe('reading an OpenAI chat completion', () => {
  it('gives text, canonical finish reason, usage with cached tokens, and model', () => {
    expect(readOpenAiChatResponse(openAiBody)).toEqual({
      text: 'Paris.',
      finishReason: 'stop',
      providerFinishReason: 'stop',
      usage: { promptTokens: 120, completionTokens: 3, cachedPromptTokens: 100, cacheWritePromptTokens: null },
      model: 'gpt-4o-2024-08-06',
      toolCalls: [],
    });
  });

  it('reads tool calls and the refusal text', () => {
    const tools = readOpenAiChatResponse({
      ...openAiBody,
      choices: [
        {
          message: { content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{"city":"Rome"}' } }] },
          finish_reason: 'tool_calls',
        },
      ],
    });
    expect(tools).toMatchObject({ text: '', finishReason: 'tool_calls', toolCalls: [{ id: 'call_1', name: 'weather', arguments: '{"city":"Rome"}' }] });
    const refusal = readOpenAiChatResponse({ ...openAiBody, choices: [{ message: { content: null, refusal: 'I cannot help.' }, finish_reason: 'stop' }] });
    expect(refusal.text).toBe('I cannot help.');
  });

  it('leaves usage unknown when the body has none', () => {
    const { usage: _, ...noUsage } = openAiBody;
    expect(readOpenAiChatResponse(noUsage).usage).toEqual({ promptTokens: null, completionTokens: null, cachedPromptTokens: null, cacheWritePromptTokens: null });
  });

  it.each([
    ['not an object', 'oops'],
    ['no choices', { ...openAiBody, choices: [] }],
    ['content of the wrong type', { ...openAiBody, choices: [{ message: { content: 42 }, finish_reason: 'stop' }] }],
    ['negative usage', { ...openAiBody, usage: { prompt_tokens: -1, completion_tokens: 3 } }],
  ])('refuses a malformed body: %s', (_, body) => {
    expect(codeOf(() => readOpenAiChatResponse(body))).toBe('malformed_provider_response');
  });
});

describe('reading an Anthropic message', () => {
  it('gives text, canonical finish reason, and prompt tokens counted with cache reads and writes', () => {
    expect(readAnthropicResponse(anthropicBody)).toEqual({
      text: 'Paris.',
      finishReason: 'stop',
      providerFinishReason: 'end_turn',
      usage: { promptTokens: 125, completionTokens: 3, cachedPromptTokens: 100, cacheWritePromptTokens: 5 },
      model: 'claude-sonnet-4-5-20250929',
      toolCalls: [],
    });
  });

  it('reads tool_use blocks as tool calls and max_tokens as length', () => {
    const reply = readAnthropicResponse({
      ...anthropicBody,
      content: [
        { type: 'text', text: 'Checking.' },
        { type: 'tool_use', id: 'toolu_1', name: 'weather', input: { city: 'Rome' } },
      ],
      stop_reason: 'tool_use',
    });
    expect(reply).toMatchObject({ text: 'Checking.', finishReason: 'tool_calls', toolCalls: [{ id: 'toolu_1', name: 'weather', arguments: '{"city":"Rome"}' }] });
    expect(readAnthropicResponse({ ...anthropicBody, stop_reason: 'max_tokens' }).finishReason).toBe('length');
  });

  it('counts missing cache figures as zero', () => {
    const reply = readAnthropicResponse({ ...anthropicBody, usage: { input_tokens: 20, output_tokens: 3 } });
    expect(reply.usage).toEqual({ promptTokens: 20, completionTokens: 3, cachedPromptTokens: 0, cacheWritePromptTokens: 0 });
  });

  it('turns an error body into a typed error carrying its message', () => {
    const error = { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } };
    expect(() => readAnthropicResponse(error)).toThrow(/Overloaded/);
    expect(codeOf(() => readAnthropicResponse(error))).toBe('malformed_provider_response');
  });

  it.each([
    ['null', null],
    ['no usage', { ...anthropicBody, usage: undefined }],
    ['content not a list', { ...anthropicBody, content: 'Paris.' }],
    ['another object type', { ...anthropicBody, type: 'completion' }],
  ])('refuses a malformed body: %s', (_, body) => {
    expect(codeOf(() => readAnthropicResponse(body))).toBe('malformed_provider_response');
  });
});

import { describe, expect, it } from 'vitest';
import { DEFAULT_ANTHROPIC_MAX_TOKENS, toAnthropicMessagesRequest } from './anthropic-request.js';
import { ReplayError } from './errors.js';
import { toOpenAiChatRequest } from './openai-request.js';
import type { LlmRequest } from './request.js';

const weatherTool = { name: 'weather', description: 'Weather now', parameters: { type: 'object', properties: { city: { type: 'string' } } } };

/** A conversation with a tool round trip: two calls in one assistant turn, two results. */
const withTools: LlmRequest = {
  provider: 'openai',
  model: 'gpt-4o',
  system: 'You know the weather.',
  messages: [
    { role: 'user', content: 'Weather in Rome and Oslo?' },
    {
      role: 'assistant',
      content: '',
      toolCalls: [
        { id: 'call_1', name: 'weather', arguments: '{"city":"Rome"}' },
        { id: 'call_2', name: 'weather', arguments: '{"city":"Oslo"}' },
      ],
    },
    { role: 'tool', toolCallId: 'call_1', content: '{"celsius":21}' },
    { role: 'tool', toolCallId: 'call_2', content: '{"celsius":3}' },
    { role: 'assistant', content: 'Rome 21°C, Oslo 3°C.' },
    { role: 'user', content: 'Thanks!' },
  ],
  tools: [weatherTool],
  toolChoice: 'auto',
};

describe('to OpenAI Chat Completions', () => {
  it('puts the system prompt first, tool calls in tool_calls and results in role "tool" messages', () => {
    const { body, dropped } = toOpenAiChatRequest(withTools);
    expect(body.messages).toEqual([
      { role: 'system', content: 'You know the weather.' },
      { role: 'user', content: 'Weather in Rome and Oslo?' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{"city":"Rome"}' } },
          { id: 'call_2', type: 'function', function: { name: 'weather', arguments: '{"city":"Oslo"}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'call_1', content: '{"celsius":21}' },
      { role: 'tool', tool_call_id: 'call_2', content: '{"celsius":3}' },
      { role: 'assistant', content: 'Rome 21°C, Oslo 3°C.' },
      { role: 'user', content: 'Thanks!' },
    ]);
    expect(body.tools).toEqual([{ type: 'function', function: weatherTool }]);
    expect(body.tool_choice).toBe('auto');
    expect(dropped).toEqual([]);
  });

  it('maps the parameters, and names those OpenAI has no place for', () => {
    const { body, dropped } = toOpenAiChatRequest({
      provider: 'openai',
      model: 'gpt-4o-mini',
      system: null,
      messages: [{ role: 'user', content: 'Hi' }],
      temperature: 0.3,
      maxTokens: 100,
      topP: 0.8,
      topK: 20,
      stop: ['a', 'b', 'c', 'd', 'e'],
      seed: 1,
      toolChoice: { name: 'weather' },
      responseFormat: { type: 'json_schema', name: 'answer', schema: { type: 'object' }, strict: true },
    });
    expect(body).toEqual({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Hi' }],
      temperature: 0.3,
      max_completion_tokens: 100,
      top_p: 0.8,
      stop: ['a', 'b', 'c', 'd'],
      seed: 1,
      tool_choice: { type: 'function', function: { name: 'weather' } },
      response_format: { type: 'json_schema', json_schema: { name: 'answer', schema: { type: 'object' }, strict: true } },
    });
    expect(dropped).toEqual(['topK', 'stop (past the fourth sequence)']);
  });

  it('refuses a request without a model', () => {
    expect(() => toOpenAiChatRequest({ ...withTools, model: '' })).toThrow(ReplayError);
  });
});

describe('to Anthropic Messages', () => {
  it('puts the system prompt in `system`, tool calls in tool_use blocks and all results in the next user turn', () => {
    const { body } = toAnthropicMessagesRequest({ ...withTools, provider: 'anthropic', model: 'claude-sonnet-4-5' });
    expect(body.system).toBe('You know the weather.');
    expect(body.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Weather in Rome and Oslo?' }] },
      {
        role: 'assistant',
        content: [
          { type: 'tool_use', id: 'call_1', name: 'weather', input: { city: 'Rome' } },
          { type: 'tool_use', id: 'call_2', name: 'weather', input: { city: 'Oslo' } },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'call_1', content: '{"celsius":21}' },
          { type: 'tool_result', tool_use_id: 'call_2', content: '{"celsius":3}' },
        ],
      },
      { role: 'assistant', content: [{ type: 'text', text: 'Rome 21°C, Oslo 3°C.' }] },
      { role: 'user', content: [{ type: 'text', text: 'Thanks!' }] },
    ]);
    expect(body.tools).toEqual([{ name: 'weather', description: 'Weather now', input_schema: weatherTool.parameters }]);
    expect(body.tool_choice).toEqual({ type: 'auto' });
  });

  it('always sends max_tokens, the default when the original recorded none', () => {
    const request: LlmRequest = { provider: 'anthropic', model: 'claude-haiku-4-5', system: null, messages: [{ role: 'user', content: 'Hi' }] };
    expect(toAnthropicMessagesRequest(request).body).toEqual({
      model: 'claude-haiku-4-5',
      max_tokens: DEFAULT_ANTHROPIC_MAX_TOKENS,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
    });
    expect(toAnthropicMessagesRequest({ ...request, maxTokens: 50 }).body.max_tokens).toBe(50);
  });

  it('leaves out the sampling parameters API 2026-10-21 refuses, and names them', () => {
    const { body, dropped } = toAnthropicMessagesRequest({
      provider: 'anthropic',
      model: 'claude-sonnet-4-5',
      system: null,
      messages: [{ role: 'user', content: 'Hi' }],
      temperature: 0.2,
      topP: 0.9,
      topK: 10,
      seed: 3,
      stop: ['END'],
      responseFormat: { type: 'json_object' },
    });
    expect(body).not.toHaveProperty('temperature');
    expect(body).not.toHaveProperty('top_p');
    expect(body.stop_sequences).toEqual(['END']);
    expect(dropped).toEqual(['temperature', 'topP', 'topK', 'seed', 'responseFormat (json_object has no Anthropic equivalent)']);
  });

  it('maps a JSON schema format to output_config, `required` to `any`, and forces an object input schema', () => {
    const { body } = toAnthropicMessagesRequest({
      provider: 'anthropic',
      model: 'claude-sonnet-4-5',
      system: '  ',
      messages: [{ role: 'user', content: 'Hi' }],
      tools: [{ name: 'noop', parameters: {} }],
      toolChoice: 'required',
      responseFormat: { type: 'json_schema', name: 'answer', schema: { type: 'object', properties: {} } },
    });
    expect(body.system).toBeUndefined();
    expect(body.tools).toEqual([{ name: 'noop', input_schema: { type: 'object' } }]);
    expect(body.tool_choice).toEqual({ type: 'any' });
    expect(body.output_config).toEqual({ format: { type: 'json_schema', schema: { type: 'object', properties: {} } } });
  });

  it('merges consecutive turns of one role (flattened tool results) and drops empty ones', () => {
    const { body } = toAnthropicMessagesRequest({
      provider: 'anthropic',
      model: 'claude-sonnet-4-5',
      system: null,
      messages: [
        { role: 'user', content: 'Weather?' },
        { role: 'assistant', content: '' },
        { role: 'user', content: 'Tool result:\n21' },
      ],
    });
    expect(body.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Weather?' },
          { type: 'text', text: 'Tool result:\n21' },
        ],
      },
    ]);
  });

  it('sends tool arguments that are not JSON as an empty input, and says so', () => {
    const { body, dropped } = toAnthropicMessagesRequest({
      provider: 'anthropic',
      model: 'claude-sonnet-4-5',
      system: null,
      messages: [
        { role: 'user', content: 'Go' },
        { role: 'assistant', content: 'Calling.', toolCalls: [{ id: 't1', name: 'run', arguments: '{broken' }] },
        { role: 'tool', toolCallId: 't1', content: 'done' },
      ],
    });
    expect(body.messages[1]?.content).toEqual([
      { type: 'text', text: 'Calling.' },
      { type: 'tool_use', id: 't1', name: 'run', input: {} },
    ]);
    expect(dropped).toEqual(['toolCalls.arguments (not JSON; sent as {})']);
  });

  it('refuses a request with no model or no non-empty turn', () => {
    const empty: LlmRequest = { provider: 'anthropic', model: 'claude-sonnet-4-5', system: null, messages: [{ role: 'user', content: ' ' }] };
    expect(() => toAnthropicMessagesRequest(empty)).toThrow(/no non-empty turn/);
    expect(() => toAnthropicMessagesRequest({ ...empty, model: '' })).toThrow(ReplayError);
  });
});

import { describe, expect, it } from 'vitest';
import { readLlmResult } from './read-result.js';
import { inputMessages } from './prompt.js';

describe('readLlmResult', () => {
  it('reads an Anthropic tool_use answer as a tool call part with a tool_call finish reason', () => {
    const result = readLlmResult({
      type: 'message',
      id: 'msg_1',
      model: 'claude-sonnet-4-5-20250929',
      role: 'assistant',
      content: [
        { type: 'text', text: 'Let me look.' },
        { type: 'tool_use', id: 'toolu_1', name: 'get_order', input: { id: 81723 } },
      ],
      stop_reason: 'tool_use',
      usage: { input_tokens: 10, output_tokens: 5, cache_read_input_tokens: null, cache_creation_input_tokens: null },
    });
    expect(result).toMatchObject({ inputTokens: 10, outputTokens: 5, finishReasons: ['tool_use'] });
    expect(result.cacheReadInputTokens).toBeUndefined();
    expect(result.outputMessages).toEqual([
      {
        role: 'assistant',
        parts: [
          { type: 'text', content: 'Let me look.' },
          { type: 'tool_call', id: 'toolu_1', name: 'get_order', arguments: { id: 81723 } },
        ],
        finish_reason: 'tool_call',
      },
    ]);
  });

  it('reads OpenAI tool calls with their JSON arguments parsed', () => {
    const result = readLlmResult({
      object: 'chat.completion',
      model: 'gpt-4o',
      choices: [{ index: 0, finish_reason: 'tool_calls', message: { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_order', arguments: '{"id":1}' } }] } }],
    });
    expect(result.outputMessages![0]).toEqual({ role: 'assistant', parts: [{ type: 'tool_call', id: 'call_1', name: 'get_order', arguments: { id: 1 } }], finish_reason: 'tool_call' });
  });

  it('reads an incomplete Responses API answer as a length finish', () => {
    const result = readLlmResult({ object: 'response', status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' }, output: [] });
    expect(result.finishReasons).toEqual(['max_output_tokens']);
    expect(result.outputMessages![0]!.finish_reason).toBe('length');
  });

  it('takes a string as the response text and reads nothing from other values', () => {
    expect(readLlmResult('plain')).toEqual({ outputMessages: [{ role: 'assistant', parts: [{ type: 'text', content: 'plain' }] }] });
    expect(readLlmResult({ some: 'object' })).toEqual({});
    expect(readLlmResult(undefined)).toEqual({});
  });
});

describe('inputMessages', () => {
  it('turns provider messages into semconv parts, tool traffic included', () => {
    expect(
      inputMessages([
        { role: 'user', content: [{ type: 'text', text: 'Where is order 1?' }] },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', function: { name: 'get_order', arguments: '{"id":1}' } }] },
        { role: 'tool', tool_call_id: 'call_1', content: '{"status":"shipped"}' },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'shipped' }] },
      ]),
    ).toEqual([
      { role: 'user', parts: [{ type: 'text', content: 'Where is order 1?' }] },
      { role: 'assistant', parts: [{ type: 'tool_call', id: 'call_1', name: 'get_order', arguments: { id: 1 } }] },
      { role: 'tool', parts: [{ type: 'tool_call_response', id: 'call_1', response: '{"status":"shipped"}' }] },
      { role: 'user', parts: [{ type: 'tool_call_response', id: 'toolu_1', response: 'shipped' }] },
    ]);
  });
});

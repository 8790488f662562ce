import { describe, expect, it } from 'vitest';
import { withoutContentAttributes } from '../content-attributes.js';
import { flatSpan } from '../../testing/flat-span.js';
import { normalizeLlmSpan } from '../normalize/normalize.js';
import type { Attributes } from '../span.js';
import { ReplayError } from './errors.js';
import { FLATTENED_TOOL_RESULT_PREFIX, type StoredCall, rebuildRequest } from './rebuild-request.js';

/** What the processors store for a span with these attributes (normalization, then content attributes dropped). */
function storedCallOf(chatAttributes: Attributes): StoredCall {
  const attributes: Attributes = { 'gen_ai.operation.name': 'chat', ...chatAttributes };
  const llm = normalizeLlmSpan(flatSpan(attributes));
  if (llm === null) throw new Error('not an LLM span');
  return {
    provider: llm.provider,
    model: llm.model,
    prompt: llm.prompt,
    systemPrompt: llm.systemPrompt,
    attributes: withoutContentAttributes(attributes),
  };
}

const stored = (overrides: Partial<StoredCall>): StoredCall => ({
  provider: 'openai',
  model: 'gpt-4o',
  prompt: 'Hello',
  systemPrompt: null,
  attributes: {},
  ...overrides,
});

describe('rebuilding the conversation from what normalization stored', () => {
  it('sends a single user prompt back verbatim, with its system prompt', () => {
    const call = storedCallOf({
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o',
      'gen_ai.system_instructions': 'You translate.',
      'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: 'Say "hi"\nin Italian' }] }]),
    });
    expect(rebuildRequest(call)).toEqual({
      request: { provider: 'openai', model: 'gpt-4o', system: 'You translate.', messages: [{ role: 'user', content: 'Say "hi"\nin Italian' }] },
      warnings: [],
    });
  });

  it('rebuilds a stored conversation turn by turn', () => {
    const call = storedCallOf({
      'gen_ai.system': 'anthropic',
      'gen_ai.request.model': 'claude-sonnet-4-5',
      'gen_ai.prompt.0.role': 'system',
      'gen_ai.prompt.0.content': 'Be brief.',
      'gen_ai.prompt.1.role': 'user',
      'gen_ai.prompt.1.content': 'hello',
      'gen_ai.prompt.2.role': 'assistant',
      'gen_ai.prompt.2.content': 'ciao',
      'gen_ai.prompt.3.role': 'user',
      'gen_ai.prompt.3.content': 'and goodbye?',
    });
    const { request, warnings } = rebuildRequest(call);
    expect(request.system).toBe('Be brief.');
    expect(request.messages).toEqual([
      { role: 'user', content: 'hello' },
      { role: 'assistant', content: 'ciao' },
      { role: 'user', content: 'and goodbye?' },
    ]);
    expect(warnings).toEqual([]);
  });

  it('flattens tool turns whose calls were not stored, and says so', () => {
    const call = storedCallOf({
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o',
      'gen_ai.input.messages': JSON.stringify([
        { role: 'user', parts: [{ type: 'text', content: 'Weather in Rome?' }] },
        { role: 'assistant', parts: [{ type: 'tool_call', id: 'call_1', name: 'weather', arguments: { city: 'Rome' } }] },
        { role: 'tool', parts: [{ type: 'tool_call_response', id: 'call_1', response: { celsius: 21 } }] },
      ]),
    });
    const { request, warnings } = rebuildRequest(call);
    expect(request.messages).toEqual([
      { role: 'user', content: 'Weather in Rome?' },
      { role: 'user', content: `${FLATTENED_TOOL_RESULT_PREFIX}{"celsius":21}` },
    ]);
    expect(warnings).toEqual(['tool_turns_flattened']);
  });

  it('maps other families’ role names and moves stray system turns to the system prompt', () => {
    const prompt = JSON.stringify([
      { role: 'human', content: 'hi' },
      { role: 'model', content: 'hello!' },
      { role: 'system', content: 'Stay polite.' },
      { role: 'user', content: 'bye' },
    ]);
    const { request, warnings } = rebuildRequest(stored({ prompt, systemPrompt: 'Be nice.' }));
    expect(request.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
    expect(request.system).toBe('Be nice.\nStay polite.');
    expect(warnings).toEqual(['system_turns_moved']);
  });

  it('reads a prompt that is JSON but not a conversation as the user’s text', () => {
    const prompt = '[{"sku": "A-1", "qty": 2}]';
    expect(rebuildRequest(stored({ prompt })).request.messages).toEqual([{ role: 'user', content: prompt }]);
  });

  it('refuses a call with no prompt, with a typed error', () => {
    expect(() => rebuildRequest(stored({ prompt: null }))).toThrow(ReplayError);
    try {
      rebuildRequest(stored({ prompt: '  ' }));
    } catch (error) {
      expect((error as ReplayError).code).toBe('not_replayable');
    }
  });

  it('keeps provider and model empty when the span had none, for an override to fill', () => {
    const { request } = rebuildRequest(stored({ provider: null, model: null }));
    expect(request).toMatchObject({ provider: '', model: '' });
  });
});

describe('rebuilding the parameters from the attributes left on the span', () => {
  it('reads semconv gen_ai.request.* keys and tool definitions', () => {
    const { request } = rebuildRequest(
      stored({
        attributes: {
          'gen_ai.request.temperature': 0.2,
          'gen_ai.request.max_tokens': 512,
          'gen_ai.request.top_p': 0.9,
          'gen_ai.request.top_k': 40,
          'gen_ai.request.stop_sequences': ['END'],
          'gen_ai.request.frequency_penalty': -0.5,
          'gen_ai.request.seed': 7,
          'gen_ai.output.type': 'json',
          'gen_ai.tool.definitions': JSON.stringify([
            { type: 'function', name: 'weather', description: 'Weather now', parameters: { type: 'object', properties: { city: { type: 'string' } } } },
          ]),
        },
      }),
    );
    expect(request).toMatchObject({
      temperature: 0.2,
      maxTokens: 512,
      topP: 0.9,
      topK: 40,
      stop: ['END'],
      frequencyPenalty: -0.5,
      seed: 7,
      responseFormat: { type: 'json_object' },
      tools: [{ name: 'weather', description: 'Weather now', parameters: { type: 'object', properties: { city: { type: 'string' } } } }],
    });
  });

  it('reads OpenInference invocation parameters and llm.tools', () => {
    const { request } = rebuildRequest(
      stored({
        attributes: {
          'llm.invocation_parameters': JSON.stringify({
            temperature: 0,
            max_completion_tokens: 300,
            stop: 'STOP',
            tool_choice: { type: 'function', function: { name: 'lookup' } },
            response_format: { type: 'json_schema', json_schema: { name: 'order', schema: { type: 'object' }, strict: true } },
          }),
          'llm.tools.0.tool.json_schema': JSON.stringify({
            type: 'function',
            function: { name: 'lookup', description: 'Find an order', parameters: { type: 'object', properties: { id: { type: 'string' } } } },
          }),
        },
      }),
    );
    expect(request).toMatchObject({
      temperature: 0,
      maxTokens: 300,
      stop: ['STOP'],
      toolChoice: { name: 'lookup' },
      responseFormat: { type: 'json_schema', name: 'order', schema: { type: 'object' }, strict: true },
      tools: [{ name: 'lookup', description: 'Find an order' }],
    });
  });

  it('reads OpenLLMetry indexed functions and legacy keys, and Vercel AI SDK settings', () => {
    const openLlmetry = rebuildRequest(
      stored({
        attributes: {
          'llm.request.functions.0.name': 'search',
          'llm.request.functions.0.description': 'Search docs',
          'llm.request.functions.0.parameters': '{"type":"object","properties":{"q":{"type":"string"}}}',
          'llm.top_k': 5,
          'llm.chat.stop_sequences': '["\\n\\n"]',
          'gen_ai.request.structured_output_schema': '{"title":"Weather Report","type":"object"}',
        },
      }),
    ).request;
    expect(openLlmetry).toMatchObject({
      tools: [{ name: 'search', description: 'Search docs', parameters: { type: 'object', properties: { q: { type: 'string' } } } }],
      topK: 5,
      stop: ['\n\n'],
      responseFormat: { type: 'json_schema', name: 'Weather_Report' },
    });
    const vercel = rebuildRequest(
      stored({
        attributes: {
          'ai.settings.maxOutputTokens': 200,
          'ai.settings.temperature': 0.7,
          'ai.prompt.tools': [JSON.stringify({ type: 'function', name: 'calc', inputSchema: { type: 'object' } })],
          'ai.prompt.toolChoice': JSON.stringify({ type: 'required' }),
        },
      }),
    ).request;
    expect(vercel).toMatchObject({ maxTokens: 200, temperature: 0.7, tools: [{ name: 'calc', parameters: { type: 'object' } }], toolChoice: 'required' });
  });

  it('takes the first usable source and skips unusable ones', () => {
    const { request } = rebuildRequest(
      stored({
        attributes: {
          'gen_ai.request.max_tokens': 'n/a',
          'llm.invocation_parameters': '{"max_tokens": 128, "temperature": 1}',
          'gen_ai.request.temperature': 0.3,
        },
      }),
    );
    expect(request.maxTokens).toBe(128);
    expect(request.temperature).toBe(0.3);
  });

  it('leaves out every parameter the span did not record', () => {
    const { request } = rebuildRequest(stored({ attributes: { 'http.method': 'POST' } }));
    expect(Object.keys(request).sort()).toEqual(['messages', 'model', 'provider', 'system']);
  });
});

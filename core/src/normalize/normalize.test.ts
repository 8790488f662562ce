import { describe, expect, it } from 'vitest';
import { flatSpan, spanEvent } from '../../testing/flat-span.js';
import { normalizeLlmSpan } from './normalize.js';

describe('current gen_ai semantic conventions', () => {
  const span = flatSpan({
    'gen_ai.operation.name': 'chat',
    'gen_ai.provider.name': 'openai',
    'gen_ai.request.model': 'gpt-4o',
    'gen_ai.response.model': 'gpt-4o-2024-08-06',
    'gen_ai.response.id': 'chatcmpl-9x',
    'gen_ai.response.finish_reasons': ['stop'],
    'gen_ai.usage.input_tokens': 1800,
    'gen_ai.usage.output_tokens': 42,
    'gen_ai.usage.cache_read.input_tokens': 1024,
    'gen_ai.system_instructions': JSON.stringify([{ type: 'text', content: 'You are a returns assistant.' }]),
    'gen_ai.input.messages': JSON.stringify([
      { role: 'user', parts: [{ type: 'text', content: 'Can I return shoes after 40 days?' }] },
    ]),
    'gen_ai.output.messages': JSON.stringify([
      {
        role: 'assistant',
        parts: [{ type: 'text', content: 'Returns are accepted within 30 days.' }],
        finish_reason: 'stop',
      },
    ]),
    'gen_ai.conversation.id': 'conv-77',
  });

  it('reads model, provider, operation, usage and cache reads', () => {
    expect(normalizeLlmSpan(span)).toMatchObject({
      provider: 'openai',
      model: 'gpt-4o-2024-08-06',
      operation: 'chat',
      promptTokens: 1800,
      completionTokens: 42,
      cachedPromptTokens: 1024,
      finishReason: 'stop',
      isUsageWrapper: false,
    });
  });

  it('reads prompt, response and system instructions from the message attributes', () => {
    expect(normalizeLlmSpan(span)).toMatchObject({
      prompt: 'Can I return shoes after 40 days?',
      response: 'Returns are accepted within 30 days.',
      systemPrompt: 'You are a returns assistant.',
    });
  });

  it('takes the finish reason from the output messages when the span has no finish_reasons', () => {
    const withoutReasons = flatSpan({
      ...span.attributes,
      'gen_ai.response.finish_reasons': null,
      'gen_ai.output.messages': JSON.stringify([{ role: 'assistant', parts: [], finish_reason: 'tool_call' }]),
    });
    expect(normalizeLlmSpan(withoutReasons)?.finishReason).toBe('tool_calls');
  });
});

describe('gen_ai conventions with span events', () => {
  it('reads v1.26 prompt and completion content events', () => {
    const span = flatSpan(
      {
        'gen_ai.system': 'openai',
        'gen_ai.request.model': 'gpt-3.5-turbo',
        'gen_ai.response.model': 'gpt-3.5-turbo-0125',
        'gen_ai.usage.prompt_tokens': 12,
        'gen_ai.usage.completion_tokens': 9,
        'gen_ai.response.finish_reasons': ['stop'],
      },
      {
        events: [
          spanEvent('gen_ai.content.prompt', {
            'gen_ai.prompt': '[{"role": "system", "content": "Be funny."}, {"role": "user", "content": "Tell me a joke"}]',
          }),
          spanEvent('gen_ai.content.completion', {
            'gen_ai.completion': '[{"role": "assistant", "content": "Why did the chicken cross the road?"}]',
          }),
        ],
      },
    );
    expect(normalizeLlmSpan(span)).toMatchObject({
      provider: 'openai',
      model: 'gpt-3.5-turbo-0125',
      promptTokens: 12,
      completionTokens: 9,
      prompt: 'Tell me a joke',
      response: 'Why did the chicken cross the road?',
      systemPrompt: 'Be funny.',
    });
  });

  it('reads v1.28–1.36 message and choice events in their different attribute shapes', () => {
    const span = flatSpan(
      {
        'gen_ai.operation.name': 'chat',
        'gen_ai.system': 'az.ai.openai',
        'gen_ai.request.model': 'gpt-4o',
        'gen_ai.usage.input_tokens': 25,
        'gen_ai.usage.output_tokens': 3,
      },
      {
        events: [
          spanEvent('gen_ai.system.message', { 'gen_ai.event.content': '{"role":"system","content":"Be brief."}' }),
          spanEvent('gen_ai.user.message', { content: 'How many moons has Mars?' }),
          spanEvent('gen_ai.assistant.message', { content: 'Two.' }),
          spanEvent('gen_ai.user.message', { content: 'Their names?' }),
          spanEvent('gen_ai.choice', {
            index: 0,
            finish_reason: 'stop',
            message: { role: 'assistant', content: 'Phobos and Deimos.' },
          }),
        ],
      },
    );
    const fields = normalizeLlmSpan(span);
    expect(fields).toMatchObject({
      provider: 'azure.ai.openai',
      systemPrompt: 'Be brief.',
      response: 'Phobos and Deimos.',
    });
    expect(JSON.parse(fields?.prompt ?? '')).toEqual([
      { role: 'user', content: 'How many moons has Mars?' },
      { role: 'assistant', content: 'Two.' },
      { role: 'user', content: 'Their names?' },
    ]);
  });

  it('reads a choice event whose body is the JSON gen_ai.event.content', () => {
    const span = flatSpan(
      { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o' },
      {
        events: [
          spanEvent('gen_ai.choice', {
            'gen_ai.event.content': '{"index":0,"finish_reason":"stop","message":{"role":"assistant","content":"Yes."}}',
          }),
        ],
      },
    );
    expect(normalizeLlmSpan(span)?.response).toBe('Yes.');
  });
});

describe('OpenLLMetry legacy attributes', () => {
  const span = flatSpan({
    'gen_ai.system': 'OpenAI',
    'llm.request.type': 'chat',
    'gen_ai.request.model': 'gpt-4o-mini',
    'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
    'llm.is_streaming': false,
    'gen_ai.prompt.0.role': 'system',
    'gen_ai.prompt.0.content': 'You are a support agent.',
    'gen_ai.prompt.1.role': 'user',
    'gen_ai.prompt.1.content': 'Cancel order 1234',
    'gen_ai.completion.0.role': 'assistant',
    'gen_ai.completion.0.content': 'Order 1234 is cancelled.',
    'gen_ai.completion.0.finish_reason': 'stop',
    'gen_ai.usage.prompt_tokens': 52,
    'gen_ai.usage.completion_tokens': 9,
    'llm.usage.total_tokens': 61,
    'gen_ai.usage.cache_read_input_tokens': 32,
    'traceloop.association.properties.user_id': 'u-42',
  });

  it('rebuilds indexed prompts and completions and reads the deprecated usage keys', () => {
    expect(normalizeLlmSpan(span)).toMatchObject({
      provider: 'openai',
      model: 'gpt-4o-mini-2024-07-18',
      operation: 'chat',
      promptTokens: 52,
      completionTokens: 9,
      cachedPromptTokens: 32,
      prompt: 'Cancel order 1234',
      systemPrompt: 'You are a support agent.',
      response: 'Order 1234 is cancelled.',
      finishReason: 'stop',
    });
  });

  it('maps the capitalized Azure system to azure.ai.openai', () => {
    expect(normalizeLlmSpan(flatSpan({ ...span.attributes, 'gen_ai.system': 'Azure' }))?.provider).toBe(
      'azure.ai.openai',
    );
  });

  it('reads multimodal content sent as a JSON string of parts', () => {
    const multimodal = flatSpan({
      'llm.request.type': 'chat',
      'gen_ai.request.model': 'gpt-4o',
      'gen_ai.prompt.0.role': 'user',
      'gen_ai.prompt.0.content': JSON.stringify([
        { type: 'text', text: 'What breed is this dog?' },
        { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } },
      ]),
    });
    expect(normalizeLlmSpan(multimodal)?.prompt).toBe('What breed is this dog?');
  });
});

describe('OpenInference attributes', () => {
  const span = flatSpan({
    'openinference.span.kind': 'LLM',
    'llm.model_name': 'claude-3-5-sonnet-20241022',
    'llm.provider': 'anthropic',
    'llm.system': 'anthropic',
    'llm.input_messages.0.message.role': 'system',
    'llm.input_messages.0.message.content': 'Answer in one word.',
    'llm.input_messages.1.message.role': 'user',
    'llm.input_messages.1.message.content': 'Capital of Italy?',
    'llm.output_messages.0.message.role': 'assistant',
    'llm.output_messages.0.message.content': 'Rome.',
    'llm.token_count.prompt': 30,
    'llm.token_count.completion': 3,
    'llm.token_count.total': 33,
    'llm.token_count.prompt_details.cache_read': 12,
    'llm.finish_reason': 'end_turn',
    'llm.invocation_parameters': '{"max_tokens": 1024}',
    'input.value': '{"messages": [["system", "Answer in one word."], ["user", "Capital of Italy?"]]}',
    'input.mime_type': 'application/json',
    'output.value': 'Rome.',
  });

  it('reads indexed messages, token counts, provider and finish reason', () => {
    expect(normalizeLlmSpan(span)).toEqual({
      provider: 'anthropic',
      model: 'claude-3-5-sonnet-20241022',
      operation: 'chat',
      promptTokens: 30,
      completionTokens: 3,
      cachedPromptTokens: 12,
      prompt: 'Capital of Italy?',
      response: 'Rome.',
      systemPrompt: 'Answer in one word.',
      finishReason: 'stop',
      customPromptTokenPriceUsd: null,
      customCompletionTokenPriceUsd: null,
      isUsageWrapper: false,
      wrapperKind: null,
      fieldSources: {
        provider: 'llm.provider',
        model: 'llm.model_name',
        operation: 'openinference.span.kind',
        prompt_tokens: 'llm.token_count.prompt',
        completion_tokens: 'llm.token_count.completion',
        cached_prompt_tokens: 'llm.token_count.prompt_details.cache_read',
        prompt: 'llm.input_messages.[i]',
        response: 'llm.output_messages.[i]',
        system_prompt: 'llm.input_messages.[i]',
        finish_reason: 'llm.finish_reason',
      },
    });
  });

  it('falls back to input.value and output.value when a span has no messages', () => {
    const withoutMessages = flatSpan({
      'openinference.span.kind': 'LLM',
      'llm.model_name': 'gpt-4o',
      'input.value': 'Write a haiku about rain',
      'output.value': 'Soft rain on the roof',
    });
    expect(normalizeLlmSpan(withoutMessages)).toMatchObject({
      prompt: 'Write a haiku about rain',
      response: 'Soft rain on the roof',
    });
  });

  it('reads embedding spans as embeddings calls', () => {
    const embedding = flatSpan({
      'openinference.span.kind': 'EMBEDDING',
      'embedding.model_name': 'text-embedding-3-small',
      'embedding.embeddings.0.embedding.text': 'hello',
      'llm.token_count.prompt': 1,
    });
    expect(normalizeLlmSpan(embedding)).toMatchObject({
      operation: 'embeddings',
      model: 'text-embedding-3-small',
      promptTokens: 1,
      response: null,
    });
  });
});

describe('Vercel AI SDK legacy spans', () => {
  const outerV4 = flatSpan(
    {
      'operation.name': 'ai.generateText',
      'ai.operationId': 'ai.generateText',
      'ai.model.id': 'gpt-4o',
      'ai.model.provider': 'openai.chat',
      'ai.prompt': '{"system":"You are terse.","prompt":"Summarize: the quick brown fox jumps"}',
      'ai.response.text': 'A fox jumps.',
      'ai.response.finishReason': 'stop',
      'ai.usage.promptTokens': 20,
      'ai.usage.completionTokens': 5,
      'ai.settings.maxRetries': 2,
    },
    { name: 'ai.generateText' },
  );
  const innerV4 = flatSpan(
    {
      'operation.name': 'ai.generateText.doGenerate',
      'ai.operationId': 'ai.generateText.doGenerate',
      'ai.model.id': 'gpt-4o',
      'ai.model.provider': 'openai.chat',
      'ai.prompt.format': 'messages',
      'ai.prompt.messages':
        '[{"role":"system","content":"You are terse."},{"role":"user","content":[{"type":"text","text":"Summarize: the quick brown fox jumps"}]}]',
      'ai.response.text': 'A fox jumps.',
      'ai.response.finishReason': 'stop',
      'ai.response.model': 'gpt-4o-2024-08-06',
      'ai.usage.promptTokens': 20,
      'ai.usage.completionTokens': 5,
      'gen_ai.system': 'openai.chat',
      'gen_ai.request.model': 'gpt-4o',
      'gen_ai.response.model': 'gpt-4o-2024-08-06',
      'gen_ai.usage.input_tokens': 20,
      'gen_ai.usage.output_tokens': 5,
      'gen_ai.response.finish_reasons': ['stop'],
    },
    { name: 'ai.generateText.doGenerate', parentSpanId: '00f067aa0ba902b7', spanId: '53995c3f42cd8ad8' },
  );

  it('counts the inner doGenerate span as the call', () => {
    expect(normalizeLlmSpan(innerV4)).toMatchObject({
      provider: 'openai',
      model: 'gpt-4o-2024-08-06',
      operation: 'chat',
      promptTokens: 20,
      completionTokens: 5,
      prompt: 'Summarize: the quick brown fox jumps',
      systemPrompt: 'You are terse.',
      response: 'A fox jumps.',
      finishReason: 'stop',
      isUsageWrapper: false,
    });
  });

  it('marks the outer generateText span as a usage wrapper, keeping its fields', () => {
    expect(normalizeLlmSpan(outerV4)).toMatchObject({
      provider: 'openai',
      model: 'gpt-4o',
      prompt: 'Summarize: the quick brown fox jumps',
      systemPrompt: 'You are terse.',
      promptTokens: 20,
      isUsageWrapper: true,
    });
  });

  it('reads v5 usage names and cached input tokens on a streamed call', () => {
    const innerV5 = flatSpan({
      'ai.operationId': 'ai.streamText.doStream',
      'ai.model.id': 'claude-sonnet-4-5',
      'ai.model.provider': 'anthropic.messages',
      'ai.usage.inputTokens': 900,
      'ai.usage.outputTokens': 120,
      'ai.usage.totalTokens': 1020,
      'ai.usage.cachedInputTokens': 512,
      'ai.response.finishReason': 'tool-calls',
    });
    expect(normalizeLlmSpan(innerV5)).toMatchObject({
      provider: 'anthropic',
      operation: 'chat',
      promptTokens: 900,
      completionTokens: 120,
      cachedPromptTokens: 512,
      finishReason: 'tool_calls',
      isUsageWrapper: false,
    });
  });

  it('marks a v5 outer streamText span as a usage wrapper', () => {
    const outerV5 = flatSpan({
      'ai.operationId': 'ai.streamText',
      'ai.model.id': 'claude-sonnet-4-5',
      'ai.usage.inputTokens': 900,
      'ai.usage.outputTokens': 120,
    });
    expect(normalizeLlmSpan(outerV5)?.isUsageWrapper).toBe(true);
  });
});

describe("Lumina's bare keys", () => {
  it('reads model, prompt, response, tokens and per-span prices', () => {
    const span = flatSpan({
      model: 'gpt-4o-mini',
      prompt: 'Translate "hello" to Spanish',
      response: 'hola',
      prompt_tokens: '14',
      completion_tokens: 2.0,
      cost_per_prompt_token: 0.00000015,
      cost_per_completion_token: '0.0000006',
    });
    expect(normalizeLlmSpan(span)).toEqual({
      provider: null,
      model: 'gpt-4o-mini',
      operation: null,
      promptTokens: 14,
      completionTokens: 2,
      cachedPromptTokens: null,
      prompt: 'Translate "hello" to Spanish',
      response: 'hola',
      systemPrompt: null,
      finishReason: null,
      customPromptTokenPriceUsd: 0.00000015,
      customCompletionTokenPriceUsd: 0.0000006,
      isUsageWrapper: false,
      wrapperKind: null,
      fieldSources: { model: 'model', prompt_tokens: 'prompt_tokens', completion_tokens: 'completion_tokens', prompt: 'prompt', response: 'response' },
    });
  });
});

describe('precedence between families on one span', () => {
  const mixed = flatSpan({
    'gen_ai.operation.name': 'chat',
    'gen_ai.provider.name': 'anthropic',
    'gen_ai.system': 'openai',
    'llm.provider': 'azure',
    'gen_ai.request.model': 'claude-request',
    'llm.model_name': 'claude-openinference',
    'gen_ai.usage.input_tokens': 100,
    'llm.token_count.prompt': 90,
    'ai.usage.promptTokens': 80,
    prompt_tokens: 70,
    'gen_ai.input.messages': '[{"role":"user","parts":[{"type":"text","content":"from semconv"}]}]',
    'gen_ai.prompt.0.role': 'user',
    'gen_ai.prompt.0.content': 'from openllmetry',
    'llm.input_messages.0.message.role': 'user',
    'llm.input_messages.0.message.content': 'from openinference',
  });

  it('lets the first present source of each field win', () => {
    expect(normalizeLlmSpan(mixed)).toMatchObject({
      provider: 'anthropic',
      model: 'claude-request',
      promptTokens: 100,
      prompt: 'from semconv',
    });
  });

  it('moves to the next family when the first one is absent or unusable', () => {
    const fallback = flatSpan({
      ...mixed.attributes,
      'gen_ai.provider.name': null,
      'gen_ai.usage.input_tokens': 'n/a',
      'gen_ai.input.messages': null,
    });
    expect(normalizeLlmSpan(fallback)).toMatchObject({
      provider: 'openai',
      promptTokens: 90,
      prompt: 'from openllmetry',
    });
  });
});

describe('content that is not JSON', () => {
  it('keeps plain-text message attributes as the raw string', () => {
    const span = flatSpan({
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': 'gpt-4o',
      'gen_ai.input.messages': 'What is the weather in Paris?',
      'gen_ai.output.messages': '{"role": "assistant", "parts": [{"type": "text", "content": "Sun',
    });
    expect(normalizeLlmSpan(span)).toMatchObject({
      prompt: 'What is the weather in Paris?',
      response: '{"role": "assistant", "parts": [{"type": "text", "content": "Sun',
    });
  });

  it('keeps a truncated JSON prompt instead of dropping it', () => {
    const span = flatSpan({
      'llm.request.type': 'chat',
      'gen_ai.request.model': 'gpt-4o',
      'gen_ai.prompt.0.role': 'user',
      'gen_ai.prompt.0.content': '[{"type": "text", "text": "cut off',
    });
    expect(normalizeLlmSpan(span)?.prompt).toBe('[{"type": "text", "text": "cut off');
  });
});

import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inMemoryLumina, jsonAttribute, type InMemoryLumina } from './support/in-memory-lumina.js';
import { STAND_IN_USAGE, standInReply, standInResponseModel, startProviderStandIn, type ProviderStandIn } from './support/provider-stand-in.js';

let standIn: ProviderStandIn;
let sdk: InMemoryLumina;
let openai: OpenAI;

beforeAll(async () => {
  standIn = await startProviderStandIn();
  sdk = inMemoryLumina();
  openai = new OpenAI({ apiKey: 'test-key', baseURL: standIn.openAiBaseUrl, maxRetries: 0 });
});
afterAll(async () => {
  await sdk?.lumina.shutdown();
  await standIn?.stop();
});

const usage = STAND_IN_USAGE.openai;
const expectedUsage = {
  'gen_ai.usage.input_tokens': usage.prompt_tokens,
  'gen_ai.usage.output_tokens': usage.completion_tokens,
  'gen_ai.usage.cache_read.input_tokens': usage.cached_tokens,
};

function chatMessages(question: string) {
  return [
    { role: 'system' as const, content: 'Be terse.' },
    { role: 'user' as const, content: question },
  ];
}

describe('traceLLM around OpenAI chat.completions.create', () => {
  it('returns the ChatCompletion unchanged and records model, usage, finish reason and messages', async () => {
    const messages = chatMessages('Define a span.');
    const completion = await openai.chat.completions.create({ model: 'gpt-4o', messages }).then((direct) => direct);
    const traced = await sdk.lumina.traceLLM(() => openai.chat.completions.create({ model: 'gpt-4o', messages }), {
      name: 'openai chat plain',
      system: 'openai',
      model: 'gpt-4o',
      prompt: messages,
      metadata: { userId: 'u-2' },
    });
    expect(traced).toEqual(completion);

    const span = await sdk.exportedSpan('openai chat plain');
    expect(span.kind).toBe(SpanKind.CLIENT);
    expect(span.attributes).toMatchObject({
      'gen_ai.provider.name': 'openai',
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': 'gpt-4o',
      'gen_ai.response.model': standInResponseModel('gpt-4o'),
      'gen_ai.response.id': 'chatcmpl-standin',
      'gen_ai.response.finish_reasons': ['stop'],
      'user.id': 'u-2',
      ...expectedUsage,
    });
    expect(jsonAttribute(span, 'gen_ai.input.messages')).toEqual([
      { role: 'system', parts: [{ type: 'text', content: 'Be terse.' }] },
      { role: 'user', parts: [{ type: 'text', content: 'Define a span.' }] },
    ]);
    expect(jsonAttribute(span, 'gen_ai.output.messages')).toEqual([
      { role: 'assistant', parts: [{ type: 'text', content: standInReply('Define a span.') }], finish_reason: 'stop' },
    ]);
  });

  it('passes a Stream through chunk by chunk and reads the usage chunk of stream_options.include_usage', async () => {
    const messages = chatMessages('Stream it.');
    const stream = await sdk.lumina.traceLLM(
      () => openai.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true, stream_options: { include_usage: true } }),
      { name: 'openai chat stream', system: 'openai', model: 'gpt-4o-mini', prompt: messages },
    );
    const chunks: OpenAI.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe(standInReply('Stream it.'));
    expect(chunks.at(-1)!.usage?.prompt_tokens).toBe(usage.prompt_tokens);

    const span = await sdk.exportedSpan('openai chat stream');
    expect(span.attributes).toMatchObject({
      'gen_ai.response.model': standInResponseModel('gpt-4o-mini'),
      'gen_ai.response.finish_reasons': ['stop'],
      ...expectedUsage,
    });
    expect(jsonAttribute(span, 'gen_ai.output.messages')).toEqual([
      { role: 'assistant', parts: [{ type: 'text', content: standInReply('Stream it.') }], finish_reason: 'stop' },
    ]);
    expect(span.attributes['lumina.time_to_first_token_ms']).toBeTypeOf('number');
  });

  it('ends the span with what was read when the consumer stops reading early', async () => {
    const messages = chatMessages('Stop early.');
    const stream = await sdk.lumina.traceLLM(() => openai.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true }), {
      name: 'openai chat stream break',
      system: 'openai',
      prompt: messages,
    });
    let read = 0;
    for await (const chunk of stream) {
      if (chunk.choices[0]?.delta.content) read++;
      if (read === 2) break;
    }
    const span = await sdk.exportedSpan('openai chat stream break');
    const output = jsonAttribute(span, 'gen_ai.output.messages') as { parts: { content: string }[] }[];
    expect(output[0]!.parts[0]!.content).toBe('You asked: ');
    expect(span.attributes['gen_ai.usage.input_tokens']).toBeUndefined();
  });

  it('observes a ChatCompletionStream helper (chat.completions.stream) through its events', async () => {
    const messages = chatMessages('Helper.');
    const stream = await sdk.lumina.traceLLM(
      () => openai.chat.completions.stream({ model: 'gpt-4o', messages, stream_options: { include_usage: true } }),
      { name: 'openai chat helper stream', system: 'openai', prompt: messages },
    );
    const completion = await stream.finalChatCompletion();
    expect(completion.choices[0]!.message.content).toBe(standInReply('Helper.'));
    const span = await sdk.exportedSpan('openai chat helper stream');
    expect(span.attributes).toMatchObject({ 'gen_ai.response.finish_reasons': ['stop'], ...expectedUsage });
  });

  it('records a rejected request as an error and re-throws it', async () => {
    const messages = chatMessages('Fail.');
    const error = await sdk.lumina
      .traceLLM(() => openai.chat.completions.create({ model: 'fail-request', messages }), { name: 'openai chat failing', system: 'openai', prompt: messages })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    const span = await sdk.exportedSpan('openai chat failing');
    expect(span.status).toMatchObject({ code: SpanStatusCode.ERROR });
    expect(span.status.message).toContain('fail-request');
    expect(span.events.map((event) => event.name)).toEqual(['exception']);
  });

  it('records a stream that breaks off with an error event as an error', async () => {
    const messages = chatMessages('Break.');
    const stream = await sdk.lumina.traceLLM(() => openai.chat.completions.create({ model: 'fail-midstream', messages, stream: true }), {
      name: 'openai chat stream failing',
      system: 'openai',
      prompt: messages,
    });
    const error = await (async () => {
      for await (const chunk of stream) void chunk;
    })().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    const span = await sdk.exportedSpan('openai chat stream failing');
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
  });
});

describe('traceLLM around OpenAI responses.create', () => {
  it('returns the Response unchanged and records model, usage, status as finish reason and output', async () => {
    const response = await sdk.lumina.traceLLM(() => openai.responses.create({ model: 'gpt-4.1', input: 'Explain sampling.', instructions: 'Be short.' }), {
      name: 'openai responses plain',
      system: 'openai',
      model: 'gpt-4.1',
      prompt: 'Explain sampling.',
      systemPrompt: 'Be short.',
    });
    expect(response.output_text).toBe(standInReply('Explain sampling.'));
    const span = await sdk.exportedSpan('openai responses plain');
    expect(span.attributes).toMatchObject({
      'gen_ai.response.model': standInResponseModel('gpt-4.1'),
      'gen_ai.response.id': 'resp_standin',
      'gen_ai.response.finish_reasons': ['stop'],
      ...expectedUsage,
    });
    expect(jsonAttribute(span, 'gen_ai.output.messages')).toEqual([
      { role: 'assistant', parts: [{ type: 'text', content: standInReply('Explain sampling.') }], finish_reason: 'stop' },
    ]);
    expect(jsonAttribute(span, 'gen_ai.system_instructions')).toEqual([{ type: 'text', content: 'Be short.' }]);
  });

  it('passes a response event stream through and reads the final response of response.completed', async () => {
    const stream = await sdk.lumina.traceLLM(() => openai.responses.create({ model: 'gpt-4.1', input: 'Stream a response.', stream: true }), {
      name: 'openai responses stream',
      system: 'openai',
      prompt: 'Stream a response.',
    });
    const types: string[] = [];
    for await (const event of stream) types.push(event.type);
    expect(types[0]).toBe('response.created');
    expect(types.at(-1)).toBe('response.completed');
    const span = await sdk.exportedSpan('openai responses stream');
    expect(span.attributes).toMatchObject({ 'gen_ai.response.model': standInResponseModel('gpt-4.1'), ...expectedUsage });
    expect(span.attributes['lumina.time_to_first_token_ms']).toBeTypeOf('number');
  });
});

describe('traceLLM around OpenAI responses.stream', () => {
  it('observes a ResponseStream helper through its events', async () => {
    const stream = await sdk.lumina.traceLLM(() => openai.responses.stream({ model: 'gpt-4.1', input: 'Helper response.' }), {
      name: 'openai responses helper stream',
      system: 'openai',
      prompt: 'Helper response.',
    });
    const final = await stream.finalResponse();
    expect(final.output_text).toBe(standInReply('Helper response.'));
    const span = await sdk.exportedSpan('openai responses helper stream');
    expect(span.attributes).toMatchObject({ 'gen_ai.response.finish_reasons': ['stop'], ...expectedUsage });
  });
});

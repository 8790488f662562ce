import Anthropic from '@anthropic-ai/sdk';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inMemoryLumina, jsonAttribute, type InMemoryLumina } from './support/in-memory-lumina.js';
import { STAND_IN_USAGE, standInReply, standInResponseModel, startProviderStandIn, type ProviderStandIn } from './support/provider-stand-in.js';

let standIn: ProviderStandIn;
let sdk: InMemoryLumina;
let anthropic: Anthropic;

beforeAll(async () => {
  standIn = await startProviderStandIn();
  sdk = inMemoryLumina();
  anthropic = new Anthropic({ apiKey: 'test-key', baseURL: standIn.anthropicBaseUrl, maxRetries: 0 });
});
afterAll(async () => {
  await sdk?.lumina.shutdown();
  await standIn?.stop();
});

const usage = STAND_IN_USAGE.anthropic;
const allInputTokens = usage.input_tokens + usage.cache_read_input_tokens + usage.cache_creation_input_tokens;

function params(model: string, question: string) {
  return { model, max_tokens: 256, system: 'Answer briefly.', messages: [{ role: 'user' as const, content: question }] };
}

describe('traceLLM around Anthropic messages.create', () => {
  it('returns the Message unchanged and records the call with the current gen_ai attributes', async () => {
    const request = params('claude-sonnet-4-5', 'What is OTLP?');
    const message = await sdk.lumina.traceLLM(() => anthropic.messages.create(request), {
      name: 'anthropic plain',
      system: 'anthropic',
      model: request.model,
      prompt: request.messages,
      systemPrompt: request.system,
      metadata: { userId: 'u-1', sessionId: 's-1', plan: 'pro', seats: 3 },
      tags: ['support', 'beta'],
    });
    expect(message.content[0]).toMatchObject({ type: 'text', text: standInReply('What is OTLP?') });

    const span = await sdk.exportedSpan('anthropic plain');
    expect(span.kind).toBe(SpanKind.CLIENT);
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(span.attributes).toMatchObject({
      'gen_ai.provider.name': 'anthropic',
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': 'claude-sonnet-4-5',
      'gen_ai.response.model': standInResponseModel('claude-sonnet-4-5'),
      'gen_ai.response.id': 'msg_standin',
      'gen_ai.usage.input_tokens': allInputTokens,
      'gen_ai.usage.output_tokens': usage.output_tokens,
      'gen_ai.usage.cache_read.input_tokens': usage.cache_read_input_tokens,
      'gen_ai.usage.cache_creation.input_tokens': usage.cache_creation_input_tokens,
      'gen_ai.response.finish_reasons': ['end_turn'],
      'user.id': 'u-1',
      'session.id': 's-1',
      'lumina.metadata.plan': 'pro',
      'lumina.metadata.seats': 3,
      'lumina.tags': ['support', 'beta'],
      'lumina.span.kind': 'llm',
    });
    expect(jsonAttribute(span, 'gen_ai.input.messages')).toEqual([{ role: 'user', parts: [{ type: 'text', content: 'What is OTLP?' }] }]);
    expect(jsonAttribute(span, 'gen_ai.system_instructions')).toEqual([{ type: 'text', content: 'Answer briefly.' }]);
    expect(jsonAttribute(span, 'gen_ai.output.messages')).toEqual([
      { role: 'assistant', parts: [{ type: 'text', content: standInReply('What is OTLP?') }], finish_reason: 'stop' },
    ]);
  });

  it('passes a raw stream (stream: true) through event by event and records usage and time to first token', async () => {
    const request = { ...params('claude-haiku-4-5', 'Stream please'), stream: true as const };
    const stream = await sdk.lumina.traceLLM(() => anthropic.messages.create(request), { name: 'anthropic raw stream', system: 'anthropic', prompt: request.messages });
    const types: string[] = [];
    let text = '';
    for await (const event of stream) {
      types.push(event.type);
      if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') text += event.delta.text;
    }
    expect(types[0]).toBe('message_start');
    expect(types.at(-1)).toBe('message_stop');
    expect(text).toBe(standInReply('Stream please'));

    const span = await sdk.exportedSpan('anthropic raw stream');
    expect(span.attributes).toMatchObject({
      'gen_ai.response.model': standInResponseModel('claude-haiku-4-5'),
      'gen_ai.usage.input_tokens': allInputTokens,
      'gen_ai.usage.output_tokens': usage.output_tokens,
      'gen_ai.usage.cache_read.input_tokens': usage.cache_read_input_tokens,
      'gen_ai.response.finish_reasons': ['end_turn'],
    });
    expect(jsonAttribute(span, 'gen_ai.output.messages')).toEqual([
      { role: 'assistant', parts: [{ type: 'text', content: standInReply('Stream please') }], finish_reason: 'stop' },
    ]);
    const ttft = span.attributes['lumina.time_to_first_token_ms'] as number;
    expect(ttft).toBeGreaterThanOrEqual(0);
    expect(ttft).toBeLessThanOrEqual(span.duration[0] * 1000 + span.duration[1] / 1e6);
  });

  it('observes a MessageStream (messages.stream) through its events, leaving it the same object', async () => {
    const request = params('claude-haiku-4-5', 'Helper stream');
    let created: unknown;
    const stream = await sdk.lumina.traceLLM(
      () => {
        created = anthropic.messages.stream(request);
        return created as ReturnType<typeof anthropic.messages.stream>;
      },
      { name: 'anthropic message stream', system: 'anthropic', prompt: request.messages },
    );
    expect(stream).toBe(created);
    const deltas: string[] = [];
    stream.on('text', (delta: string) => deltas.push(delta));
    const final = await stream.finalMessage();
    expect(deltas.join('')).toBe(standInReply('Helper stream'));
    expect(final.usage.output_tokens).toBe(usage.output_tokens);

    const span = await sdk.exportedSpan('anthropic message stream');
    expect(span.attributes).toMatchObject({
      'gen_ai.usage.input_tokens': allInputTokens,
      'gen_ai.usage.output_tokens': usage.output_tokens,
      'gen_ai.response.finish_reasons': ['end_turn'],
    });
    expect(span.attributes['lumina.time_to_first_token_ms']).toBeTypeOf('number');
  });

  it('records a rejected request as an error and re-throws the same error', async () => {
    const request = params('fail-request', 'Nope');
    const error = await sdk.lumina
      .traceLLM(() => anthropic.messages.create(request), { name: 'anthropic failing', system: 'anthropic', model: 'fail-request', prompt: request.messages })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);

    const span = await sdk.exportedSpan('anthropic failing');
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.status.message).toContain('fail-request does not exist');
    expect(span.attributes['error.type']).toBe('BadRequestError');
    expect(span.events.map((event) => event.name)).toEqual(['exception']);
    expect(span.events[0]!.attributes?.['exception.message']).toContain('fail-request does not exist');
  });

  it('records a stream that fails after it started as an error, and the consumer still gets the error', async () => {
    const request = { ...params('fail-midstream', 'Break'), stream: true as const };
    const stream = await sdk.lumina.traceLLM(() => anthropic.messages.create(request), { name: 'anthropic stream failing', system: 'anthropic', prompt: request.messages });
    const seen: string[] = [];
    const error = await (async () => {
      for await (const event of stream) seen.push(event.type);
    })().catch((caught: unknown) => caught);
    expect(seen).toEqual(['message_start']);
    expect(error).toBeInstanceOf(Anthropic.APIError);

    const span = await sdk.exportedSpan('anthropic stream failing');
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.events.map((event) => event.name)).toEqual(['exception']);
    expect(span.attributes['gen_ai.usage.input_tokens']).toBe(allInputTokens);
  });

  it("stands in for the Anthropic SDK's own call span, which is left out of Lumina's export", async () => {
    const request = params('claude-haiku-4-5', 'Own span?');
    await anthropic.messages.create(request); // not wrapped: its own span is all there is
    await sdk.lumina.traceLLM(() => anthropic.messages.create(request), { name: 'anthropic wrapped', system: 'anthropic', prompt: request.messages });
    const spans = await sdk.exportedSpans();
    const own = spans.filter((span) => span.name === 'anthropic.messages.create');
    const wrapped = await sdk.exportedSpan('anthropic wrapped');
    expect(own.length).toBeGreaterThan(0);
    expect(own.filter((span) => span.parentSpanContext?.spanId === wrapped.spanContext().spanId)).toEqual([]);
  });
});

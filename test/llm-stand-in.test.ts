/**
 * The LLM stand-in, driven by the official SDKs: it answers in shapes the SDKs
 * accept, fails the way providers do, and accepts the requests core's mapping
 * functions build (checked by the SDKs' types at compile time too).
 */
import Anthropic from '@anthropic-ai/sdk';
import type { MessageCreateParamsNonStreaming } from '@anthropic-ai/sdk/resources/messages';
import OpenAI from 'openai';
import type { ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type LlmRequest,
  applyOverrides,
  readAnthropicResponse,
  readOpenAiChatResponse,
  rebuildRequest,
  toAnthropicMessagesRequest,
  toOpenAiChatRequest,
} from '@lumina/core';
import { type LlmStandIn, startLlmStandIn } from './support/llm-stand-in.js';

let standIn: LlmStandIn;
let openai: OpenAI;
let anthropic: Anthropic;

beforeAll(async () => {
  standIn = await startLlmStandIn();
  openai = new OpenAI({ apiKey: 'sk-test', baseURL: standIn.openAiBaseUrl, maxRetries: 2 });
  anthropic = new Anthropic({ apiKey: 'sk-ant-test', baseURL: standIn.anthropicBaseUrl, maxRetries: 2 });
});
afterAll(async () => standIn.close());
beforeEach(() => standIn.reset());

/** A stored production call, as the processors keep it. */
const storedCall = {
  provider: 'openai',
  model: 'gpt-4o',
  prompt: JSON.stringify([
    { role: 'user', content: 'My order is late' },
    { role: 'assistant', content: 'Sorry! What is the order number?' },
    { role: 'user', content: 'It is A-100' },
  ]),
  systemPrompt: 'You are a support agent.',
  attributes: { 'gen_ai.request.temperature': 0.2, 'gen_ai.request.max_tokens': 200 },
};

const weather = { name: 'weather', description: 'Weather now', parameters: { type: 'object', properties: { city: { type: 'string' } } } };
const toolRoundTrip: LlmRequest = {
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
    { role: 'user', content: 'Which is warmer?' },
  ],
  tools: [weather],
  toolChoice: 'auto',
};

describe('a replay through the official OpenAI client', () => {
  it('sends the mapped request unchanged and reads the echoed reply and its usage', async () => {
    const { request } = rebuildRequest(storedCall);
    const params: ChatCompletionCreateParamsNonStreaming = toOpenAiChatRequest(applyOverrides(request, { model: 'gpt-4o-mini' })).body;
    standIn.script('openai', { reply: { usage: { promptTokens: 90, completionTokens: 4, cachedPromptTokens: 64 } } });
    const reply = readOpenAiChatResponse(await openai.chat.completions.create(params));
    expect(reply).toMatchObject({
      text: 'echo: It is A-100',
      finishReason: 'stop',
      model: 'gpt-4o-mini',
      usage: { promptTokens: 90, completionTokens: 4, cachedPromptTokens: 64 },
    });
    const [recorded] = standIn.requestsTo('openai');
    expect(recorded?.body).toEqual(params);
    expect(recorded?.headers.authorization).toBe('Bearer sk-test');
  });

  it('accepts a tool round trip and refuses a tool result without its call, as OpenAI does', async () => {
    const params: ChatCompletionCreateParamsNonStreaming = toOpenAiChatRequest(toolRoundTrip).body;
    standIn.script('openai', { reply: { text: 'Rome.' } });
    expect(readOpenAiChatResponse(await openai.chat.completions.create(params)).text).toBe('Rome.');
    const orphan = { ...params, messages: params.messages.filter((m) => m.role !== 'assistant') };
    await expect(openai.chat.completions.create(orphan)).rejects.toMatchObject({ status: 400 });
  });

  it('reads scripted tool calls back as tool calls', async () => {
    standIn.script('openai', { reply: { text: '', toolCalls: [{ id: 'call_9', name: 'weather', arguments: { city: 'Rome' } }] } });
    const reply = readOpenAiChatResponse(await openai.chat.completions.create(toOpenAiChatRequest(toolRoundTrip).body));
    expect(reply).toMatchObject({ text: '', finishReason: 'tool_calls', toolCalls: [{ id: 'call_9', name: 'weather', arguments: '{"city":"Rome"}' }] });
  });
});

describe('a replay through the official Anthropic client', () => {
  it('sends the mapped request unchanged and reads the reply, prompt tokens counted with cache reads', async () => {
    const { request } = rebuildRequest(storedCall);
    const mapped = toAnthropicMessagesRequest(applyOverrides(request, { provider: 'anthropic', model: 'claude-sonnet-4-5' }));
    const params: MessageCreateParamsNonStreaming = mapped.body;
    expect(mapped.dropped).toEqual(['temperature']);
    standIn.script('anthropic', { reply: { text: 'Checking order A-100.', usage: { promptTokens: 90, completionTokens: 6, cachedPromptTokens: 64 } } });
    const reply = readAnthropicResponse(await anthropic.messages.create(params));
    expect(reply).toMatchObject({
      text: 'Checking order A-100.',
      finishReason: 'stop',
      providerFinishReason: 'end_turn',
      usage: { promptTokens: 90, completionTokens: 6, cachedPromptTokens: 64 },
    });
    const [recorded] = standIn.requestsTo('anthropic');
    expect(recorded?.body).toEqual(params);
    expect(recorded?.headers['anthropic-version']).toBe('2026-10-21');
  });

  it('accepts a tool round trip as tool_use and tool_result blocks', async () => {
    const params: MessageCreateParamsNonStreaming = toAnthropicMessagesRequest({ ...toolRoundTrip, model: 'claude-sonnet-4-5' }).body;
    standIn.script('anthropic', { reply: { text: 'Rome.' } });
    expect(readAnthropicResponse(await anthropic.messages.create(params)).text).toBe('Rome.');
  });

  it('refuses what API 2026-10-21 refuses: sampling parameters, orphan tool results, empty turns', async () => {
    const base: MessageCreateParamsNonStreaming = { model: 'claude-sonnet-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }] };
    await expect(anthropic.messages.create({ ...base, temperature: 0.2 } as MessageCreateParamsNonStreaming)).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining('temperature: Extra inputs are not permitted'),
    });
    const orphan: MessageCreateParamsNonStreaming = {
      ...base,
      messages: [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: '21' }] }],
    };
    await expect(anthropic.messages.create(orphan)).rejects.toMatchObject({ status: 400 });
    await expect(anthropic.messages.create({ ...base, messages: [{ role: 'user', content: '' }] })).rejects.toMatchObject({ status: 400 });
  });
});

describe('scripted failures', () => {
  it('answers 429 with Retry-After, which the SDKs honour before succeeding', async () => {
    standIn.script('openai', { status: 429, retryAfter: '0' }, { reply: { text: 'after the limit' } });
    const completion = await openai.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] });
    expect(completion.choices[0]?.message.content).toBe('after the limit');
    standIn.script('anthropic', { status: 429, retryAfter: '0' }, { status: 500 }, { reply: { text: 'third time' } });
    const message = await anthropic.messages.create({ model: 'claude-haiku-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] });
    expect(readAnthropicResponse(message).text).toBe('third time');
    expect(standIn.requestsTo('openai')).toHaveLength(2);
    expect(standIn.requestsTo('anthropic')).toHaveLength(3);
  });

  it('gives up on a 429 when retries are off, with the status and header the service reads', async () => {
    standIn.script('openai', { status: 429, retryAfter: '7', message: 'Rate limit reached' });
    const error = await openai.chat.completions
      .create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] }, { maxRetries: 0 })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect((error as InstanceType<typeof OpenAI.RateLimitError>).headers.get('retry-after')).toBe('7');
  });

  it('answers 500 as the provider does', async () => {
    standIn.script('anthropic', { status: 500 });
    await expect(
      anthropic.messages.create({ model: 'claude-haiku-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }, { maxRetries: 0 }),
    ).rejects.toBeInstanceOf(Anthropic.InternalServerError);
  });

  it('hangs until the client times out', async () => {
    standIn.script('openai', { hang: true });
    await expect(
      openai.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] }, { timeout: 200, maxRetries: 0 }),
    ).rejects.toBeInstanceOf(OpenAI.APIConnectionTimeoutError);
  });

  it('sends malformed JSON, which the client cannot read', async () => {
    standIn.script('anthropic', { malformed: true });
    await expect(
      anthropic.messages.create({ model: 'claude-haiku-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }, { maxRetries: 0 }),
    ).rejects.toThrow();
  });

  it('adds the scripted latency before answering', async () => {
    standIn.script('openai', { reply: { text: 'slow' }, latencyMs: 50 });
    const started = performance.now();
    await openai.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] });
    expect(performance.now() - started).toBeGreaterThanOrEqual(45);
  });

  it('refuses a request without an API key', async () => {
    const response = await fetch(`${standIn.openAiBaseUrl}/chat/completions`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: 'invalid_api_key' } });
  });
});

/**
 * End to end: the SDK exports to the real platform (ingest → NATS JetStream → processors →
 * Postgres → query API), and the query API shows each call as the SDK saw it.
 */
import Anthropic from '@anthropic-ai/sdk';
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlatform, type TestPlatform } from '../../test/support/platform.js';
import { initLumina, type LuminaClient } from '../src/index.js';
import { fetchTrace, type ApiSpan, type ApiTrace } from './support/query-api.js';
import { STAND_IN_USAGE, standInReply, standInResponseModel, startProviderStandIn, type ProviderStandIn } from './support/provider-stand-in.js';

let platform: TestPlatform;
let standIn: ProviderStandIn;
let lumina: LuminaClient;
let anthropic: Anthropic;
let openai: OpenAI;

/** USD per million tokens as the providers publish them (not from our pricer). */
const perMillion = (tokens: number, usd: number) => (tokens * usd) / 1_000_000;
const CUSTOM_PRICE = { costPerPromptToken: 3e-6, costPerCompletionToken: 15e-6 };
const anthropicUsage = STAND_IN_USAGE.anthropic;
const anthropicPromptTokens = anthropicUsage.input_tokens + anthropicUsage.cache_read_input_tokens + anthropicUsage.cache_creation_input_tokens;
const openAiUsage = STAND_IN_USAGE.openai;

let traceId = '';
let httpTraceId = '';
let workflowTrace: ApiTrace;

beforeAll(async () => {
  [platform, standIn] = await Promise.all([startPlatform(), startProviderStandIn()]);
  anthropic = new Anthropic({ apiKey: 'test', baseURL: standIn.anthropicBaseUrl, maxRetries: 0 });
  openai = new OpenAI({ apiKey: 'test', baseURL: standIn.openAiBaseUrl, maxRetries: 0 });
  lumina = initLumina({ endpoint: `http://127.0.0.1:${platform.grpcPort}`, service_name: 'sdk-e2e', batch: { scheduledDelayMillis: 50 } });

  await lumina.trace(
    async (span) => {
      traceId = span.spanContext().traceId;
      const question = [{ role: 'user' as const, content: 'What is OTLP?' }];
      await lumina.traceLLM(() => anthropic.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 100, system: 'Be brief.', messages: question }), {
        name: 'e2e anthropic plain',
        system: 'anthropic',
        model: 'claude-sonnet-4-5',
        prompt: question,
        systemPrompt: 'Be brief.',
        metadata: { userId: 'user-e2e', sessionId: 'session-e2e' },
        tags: ['e2e'],
        price: CUSTOM_PRICE,
      });
      const streamed = [{ role: 'user' as const, content: 'Stream the answer.' }];
      const stream = await lumina.traceLLM(
        () => openai.chat.completions.create({ model: 'gpt-4o-mini', messages: streamed, stream: true, stream_options: { include_usage: true } }),
        { name: 'e2e openai stream', system: 'openai', model: 'gpt-4o-mini', prompt: streamed, metadata: { userId: 'user-e2e' } },
      );
      for await (const chunk of stream) void chunk;
      const failing = [{ role: 'user' as const, content: 'This fails.' }];
      await lumina
        .traceLLM(() => openai.chat.completions.create({ model: 'fail-request', messages: failing }), { name: 'e2e openai failing', system: 'openai', model: 'fail-request', prompt: failing })
        .catch(() => undefined);
    },
    { name: 'e2e handle-chat', metadata: { userId: 'user-e2e' } },
  );
  await lumina.shutdown();

  // The same platform over OTLP/HTTP protobuf (an endpoint ending in /v1/traces), from a client
  // started after the first one stopped (else it would join the first one's provider).
  const overHttp = initLumina({ endpoint: `http://127.0.0.1:${platform.httpPort}/v1/traces`, service_name: 'sdk-e2e-http' });
  await overHttp.traceLLM(async (span) => {
    httpTraceId = span.spanContext().traceId;
    return openai.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Over HTTP.' }] });
  }, { name: 'e2e over http', system: 'openai', prompt: 'Over HTTP.' });
  await overHttp.shutdown();

  workflowTrace = await fetchTrace(platform.queryUrl, traceId, 4);
}, 180_000);

afterAll(async () => {
  await lumina?.shutdown();
  await standIn?.stop();
  await platform?.stop();
});

const spanNamed = (name: string): ApiSpan => {
  const span = workflowTrace.spans.find((candidate) => candidate.name === name);
  if (!span) throw new Error(`no span ${name} in ${workflowTrace.spans.map((s) => s.name).join(', ')}`);
  return span;
};

describe('calls traced by the SDK, read back from the query API', () => {
  it('nest the calls under the trace() workflow span', () => {
    const root = spanNamed('e2e handle-chat');
    expect(root.parent_span_id).toBeNull();
    expect(workflowTrace.root_span_name).toBe('e2e handle-chat');
    for (const name of ['e2e anthropic plain', 'e2e openai stream', 'e2e openai failing']) expect(spanNamed(name).parent_span_id).toBe(root.span_id);
    expect(workflowTrace.llm_call_count).toBe(3);
    expect(workflowTrace.status).toBe('error');
  });

  it('show a plain call with its tokens, custom-priced cost, prompt, response, user and session', () => {
    const span = spanNamed('e2e anthropic plain');
    expect(span).toMatchObject({
      service_name: 'sdk-e2e',
      kind: 'client',
      status: 'ok',
      provider: 'anthropic',
      model: standInResponseModel('claude-sonnet-4-5'),
      operation: 'chat',
      prompt_tokens: anthropicPromptTokens,
      completion_tokens: anthropicUsage.output_tokens,
      cached_prompt_tokens: anthropicUsage.cache_read_input_tokens,
      prompt: 'What is OTLP?',
      response: standInReply('What is OTLP?'),
      system_prompt: 'Be brief.',
      user_id: 'user-e2e',
      session_id: 'session-e2e',
      tags: ['e2e'],
    });
    expect(span.cost_usd).toBeCloseTo(anthropicPromptTokens * CUSTOM_PRICE.costPerPromptToken + anthropicUsage.output_tokens * CUSTOM_PRICE.costPerCompletionToken, 10);
  });

  it('show a streamed call with the usage of its last chunk, the catalog price and its time to first token', () => {
    const span = spanNamed('e2e openai stream');
    const uncached = openAiUsage.prompt_tokens - openAiUsage.cached_tokens;
    expect(span).toMatchObject({
      status: 'ok',
      provider: 'openai',
      model: standInResponseModel('gpt-4o-mini'),
      prompt_tokens: openAiUsage.prompt_tokens,
      completion_tokens: openAiUsage.completion_tokens,
      cached_prompt_tokens: openAiUsage.cached_tokens,
      prompt: 'Stream the answer.',
      response: standInReply('Stream the answer.'),
      user_id: 'user-e2e',
    });
    expect(span.cost_usd).toBeCloseTo(perMillion(uncached, 0.15) + perMillion(openAiUsage.cached_tokens, 0.075) + perMillion(openAiUsage.completion_tokens, 0.6), 10);
    const ttft = span.attributes['lumina.time_to_first_token_ms'] as number;
    expect(ttft).toBeGreaterThan(0);
    expect(span.latency_ms).toBeGreaterThanOrEqual(Math.floor(ttft));
  });

  it('show a failing call as an error with its message and no usage', () => {
    const span = spanNamed('e2e openai failing');
    expect(span).toMatchObject({ status: 'error', provider: 'openai', model: 'fail-request', prompt: 'This fails.', prompt_tokens: null, cost_usd: null });
    expect(span.status_message).toContain('fail-request');
  });

  it('give the workflow a latency that covers its calls', () => {
    const root = spanNamed('e2e handle-chat');
    for (const name of ['e2e anthropic plain', 'e2e openai stream', 'e2e openai failing']) expect(root.latency_ms).toBeGreaterThanOrEqual(spanNamed(name).latency_ms);
  });

  it('take feedback through addFeedback: stored on the span by the query API and filterable', async () => {
    const client = initLumina({ endpoint: `http://127.0.0.1:${platform.grpcPort}`, service_name: 'sdk-feedback', queryUrl: platform.queryUrl, register: false });
    const call = spanNamed('e2e anthropic plain');
    await client.addFeedback(call.trace_id, call.span_id, { score: 0.2, comment: 'too terse', source: 'user' });
    await client.shutdown();
    const trace = (await (await fetch(`${platform.queryUrl}/api/traces/${traceId}`)).json()) as { spans: Array<{ span_id: string; feedback: unknown[] }> };
    expect(trace.spans.find((span) => span.span_id === call.span_id)?.feedback).toEqual([
      { score: 0.2, comment: 'too terse', source: 'user', created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) },
    ]);
    const low = (await (await fetch(`${platform.queryUrl}/api/spans?max_feedback=0.5`)).json()) as { data: Array<{ span_id: string }> };
    expect(low.data.map((span) => span.span_id)).toEqual([call.span_id]);
  });

  it('arrive the same way over OTLP/HTTP protobuf', async () => {
    const overHttp = await fetchTrace(platform.queryUrl, httpTraceId, 1);
    expect(overHttp.spans[0]).toMatchObject({
      service_name: 'sdk-e2e-http',
      model: standInResponseModel('gpt-4o'),
      prompt_tokens: openAiUsage.prompt_tokens,
      response: standInReply('Over HTTP.'),
    });
  });
});

describe('the example app (examples/node-chat), run with plain node against the platform', () => {
  it('sends its chat turn: a workflow with an Anthropic call and a streamed OpenAI call', async () => {
    const example = join(dirname(fileURLToPath(import.meta.url)), '../../examples/node-chat/main.mjs');
    const { stdout } = await promisify(execFile)(process.execPath, [example], {
      env: { ...process.env, LUMINA_ENDPOINT: `http://127.0.0.1:${platform.grpcPort}` },
    });
    const { traceId: exampleTraceId } = JSON.parse(stdout.trim().split('\n').at(-1)!) as { traceId: string };
    const turn = await fetchTrace(platform.queryUrl, exampleTraceId, 3);
    const byName = new Map(turn.spans.map((span) => [span.name, span]));
    expect(turn.root_span_name).toBe('support-turn');
    expect(byName.get('answer')).toMatchObject({ provider: 'anthropic', prompt_tokens: 42, completion_tokens: 11, user_id: 'user-42', session_id: 'session-7', system_prompt: 'You are a support agent.' });
    expect(byName.get('summarize')).toMatchObject({ provider: 'openai', prompt_tokens: 57, completion_tokens: 9, model: 'gpt-4o-mini-2024-07-18' });
    expect(byName.get('summarize')!.response).toContain('Stand-in answer');
  });
});

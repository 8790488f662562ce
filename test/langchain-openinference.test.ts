/**
 * A LangChain app traced by OpenInference's LangChain instrumentation (what Phoenix users
 * run), exported with the real OTLP/gRPC exporter: the call is stored with its provider
 * (named by no key: taken from the price table's match for the model, and said so in the
 * mapping report), model, tokens, cost and content, and counted once.
 */
import * as CallbackManagerModule from '@langchain/core/callbacks/manager';
import { LangChainInstrumentation } from '@arizeai/openinference-instrumentation-langchain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_PROMPT, tracedLangChainApp } from './support/langchain-app.js';
import { conventionScope, gpt4oMiniCostUsd, storedTrace, type ApiTrace } from './support/langchain-expectations.js';
import { startLlmStandIn, type LlmStandIn } from './support/llm-stand-in.js';
import { otlpExporter } from './support/otel.js';
import { startPlatform, type TestPlatform } from './support/platform.js';

const SCOPE = '@arizeai/openinference-instrumentation-langchain';
let platform: TestPlatform;
let standIn: LlmStandIn;
let sent: { traceId: string; answer: string };
let stored: ApiTrace;

beforeAll(async () => {
  platform = await startPlatform();
  standIn = await startLlmStandIn();
  standIn.script('openai', { reply: { text: 'Paris.', usage: { promptTokens: 31, completionTokens: 3 } } });
  const app = tracedLangChainApp({
    exporter: otlpExporter('grpc', { grpcPort: platform.grpcPort, httpPort: platform.httpPort }),
    serviceName: 'geo-tutor-openinference',
    openAiBaseUrl: standIn.openAiBaseUrl,
    instrument: (tracerProvider) => new LangChainInstrumentation({ tracerProvider }).manuallyInstrument(CallbackManagerModule),
  });
  sent = await app.ask('What is the capital of France?');
  await app.close();
  // The request span, the RunnableSequence and prompt template chains, the ChatOpenAI LLM span.
  stored = await storedTrace(platform.queryUrl, sent.traceId, 4);
});
afterAll(async () => {
  await standIn?.close();
  await platform?.stop();
});

describe('a LangChain app traced by OpenInference', () => {
  it('stores the call with the provider the price table gives for the model, and its model, tokens, cost and content', () => {
    expect(sent.answer).toBe('Paris.');
    const calls = stored.spans.filter((span) => span.prompt_tokens !== null);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      name: 'ChatOpenAI',
      provider: 'openai',
      model: 'gpt-4o-mini',
      prompt_tokens: 31,
      completion_tokens: 3,
      prompt: 'What is the capital of France?',
      system_prompt: SYSTEM_PROMPT,
      response: 'Paris.',
      price_source: 'catalog',
    });
    expect(calls[0]!.cost_usd).toBeCloseTo(gpt4oMiniCostUsd(31, 3), 12);
    expect(calls[0]!.price_version).toMatch(/^@pydantic\/genai-prices@\d+\.\d+\.\d+$/);
  });

  it('counts the call once in the trace summary', () => {
    expect(stored.llm_call_count).toBe(1);
    expect(stored.prompt_tokens).toBe(31);
    expect(stored.completion_tokens).toBe(3);
    expect(stored.total_cost_usd).toBeCloseTo(gpt4oMiniCostUsd(31, 3), 12);
    expect(stored.providers).toEqual(['openai']);
  });

  it('records which key gave each field, the provider coming from the price catalog', () => {
    const call = stored.spans.find((span) => span.name === 'ChatOpenAI')!;
    expect(call.field_sources).toEqual({
      provider: 'price_catalog',
      model: 'llm.model_name',
      operation: 'openinference.span.kind',
      prompt_tokens: 'llm.token_count.prompt',
      completion_tokens: 'llm.token_count.completion',
      prompt: 'llm.input_messages.[i]',
      response: 'llm.output_messages.[i]',
      system_prompt: 'llm.input_messages.[i]',
      finish_reason: 'llm.finish_reason',
    });
  });

  it('lists the scope in the mapping report with its field sources and the keys no mapping read', async () => {
    const call = stored.spans.find((span) => span.name === 'ChatOpenAI')!;
    const scope = await conventionScope(platform.queryUrl, SCOPE);
    expect(scope.scope_version).toMatch(/^\d+\.\d+\.\d+/);
    expect(scope.span_count).toBe(1);
    expect(scope.field_sources).toContainEqual({ field: 'provider', source: 'price_catalog', span_count: 1 });
    expect(scope.field_sources).toContainEqual({ field: 'model', source: 'llm.model_name', span_count: 1 });
    const keys = new Map(scope.unmapped_keys.map((entry) => [entry.key, entry]));
    // LangChain's metadata (it names the provider as ls_provider) and the total no field needs
    for (const key of ['metadata', 'llm.token_count.total', 'llm.invocation_parameters']) {
      expect(keys.get(key), key).toMatchObject({ span_count: 1, flagged: false, example_trace_id: sent.traceId, example_span_id: call.span_id });
    }
    for (const read of ['llm.model_name', 'llm.token_count.prompt', 'llm.input_messages.[i].message.role']) expect(keys.has(read), read).toBe(false);
  });
});

/**
 * A LangChain app traced by OpenLLMetry's LangChain instrumentation with its OpenAI
 * instrumentation underneath, exported with the real OTLP/HTTP (protobuf) exporter. Both
 * instrumentations describe the one call, as two sibling spans (the LangChain span is not
 * made the OpenAI span's parent): it is stored with the right provider, model, tokens, cost
 * and content and counted once, on the OpenAI SDK's span.
 */
import * as CallbackManagerModule from '@langchain/core/callbacks/manager';
import { LangChainInstrumentation } from '@traceloop/instrumentation-langchain';
import { OpenAIInstrumentation } from '@traceloop/instrumentation-openai';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_PROMPT, tracedLangChainApp } from './support/langchain-app.js';
import { conventionScope, gpt4oMiniCostUsd, storedTrace, type ApiTrace } from './support/langchain-expectations.js';
import { startLlmStandIn, type LlmStandIn } from './support/llm-stand-in.js';
import { otlpExporter } from './support/otel.js';
import { startPlatform, type TestPlatform } from './support/platform.js';

const LANGCHAIN_SCOPE = '@traceloop/instrumentation-langchain';
const OPENAI_SCOPE = '@traceloop/instrumentation-openai';
let platform: TestPlatform;
let standIn: LlmStandIn;
let sent: { traceId: string; answer: string };
let stored: ApiTrace;

beforeAll(async () => {
  platform = await startPlatform();
  standIn = await startLlmStandIn();
  standIn.script('openai', { reply: { text: 'Paris.', usage: { promptTokens: 31, completionTokens: 3 } } });
  const app = tracedLangChainApp({
    exporter: otlpExporter('http/protobuf', { grpcPort: platform.grpcPort, httpPort: platform.httpPort }),
    serviceName: 'geo-tutor-openllmetry',
    openAiBaseUrl: standIn.openAiBaseUrl,
    instrument: (tracerProvider) => {
      const langchain = new LangChainInstrumentation({ traceContent: true });
      langchain.setTracerProvider(tracerProvider);
      langchain.manuallyInstrument({ callbackManagerModule: CallbackManagerModule });
      const openai = new OpenAIInstrumentation({ traceContent: true, enrichTokens: false });
      openai.setTracerProvider(tracerProvider);
      openai.manuallyInstrument(OpenAI);
    },
  });
  sent = await app.ask('What is the capital of France?');
  await app.close();
  // The request span, the chain's and the prompt's workflow spans, the LangChain chat span and the OpenAI chat span.
  stored = await storedTrace(platform.queryUrl, sent.traceId, 5);
});
afterAll(async () => {
  await standIn?.close();
  await platform?.stop();
});

describe('a LangChain app traced by OpenLLMetry (LangChain and OpenAI instrumentations)', () => {
  it('stores the call once, on the OpenAI SDK span, with provider, model, tokens, cost and content', () => {
    expect(sent.answer).toBe('Paris.');
    const calls = stored.spans.filter((span) => span.prompt_tokens !== null);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
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
    // Both instrumentations name their span alike; only the OpenAI SDK's has the response id.
    const chatSpans = stored.spans.filter((span) => span.name === 'chat gpt-4o-mini');
    expect(chatSpans).toHaveLength(2);
    expect(calls[0]!.attributes['gen_ai.response.id']).toMatch(/^chatcmpl-/);
    expect(calls[0]!.field_sources).toMatchObject({ provider: 'gen_ai.provider.name', prompt_tokens: 'gen_ai.usage.input_tokens', response: 'gen_ai.output.messages' });
  });

  it('counts it once in the trace summary and the analytics', async () => {
    expect(stored.llm_call_count).toBe(1);
    expect(stored.prompt_tokens).toBe(31);
    expect(stored.completion_tokens).toBe(3);
    expect(stored.total_cost_usd).toBeCloseTo(gpt4oMiniCostUsd(31, 3), 12);
    const response = await fetch(`${platform.queryUrl}/api/analytics/cost?service=geo-tutor-openllmetry&from=${Date.now() - 3_600_000}`);
    const report = (await response.json()) as { llm_call_count: number; total_cost_usd: number; prompt_tokens: number };
    expect(report.llm_call_count).toBe(1);
    expect(report.prompt_tokens).toBe(31);
    expect(report.total_cost_usd).toBeCloseTo(gpt4oMiniCostUsd(31, 3), 12);
  });

  it('reports both scopes, and flags the gen_ai key the semantic conventions do not define', async () => {
    const langchain = await conventionScope(platform.queryUrl, LANGCHAIN_SCOPE);
    const openai = await conventionScope(platform.queryUrl, OPENAI_SCOPE);
    expect(langchain.span_count).toBe(1);
    expect(openai.span_count).toBe(1);
    expect(openai.field_sources).toContainEqual({ field: 'model', source: 'gen_ai.response.model', span_count: 1 });
    expect(openai.unmapped_keys.find((entry) => entry.key === 'gen_ai.usage.total_tokens')).toMatchObject({ flagged: true, span_count: 1 });
    expect(openai.unmapped_keys.find((entry) => entry.key === 'gen_ai.response.id')).toMatchObject({ flagged: false });
  });
});

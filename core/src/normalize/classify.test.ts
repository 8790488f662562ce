import { describe, expect, it } from 'vitest';
import type { Attributes } from '../span.js';
import { flatSpan } from '../../testing/flat-span.js';
import { normalizeLlmSpan } from './normalize.js';

describe('which spans are LLM spans', () => {
  it('leaves plain HTTP and database spans alone', () => {
    expect(normalizeLlmSpan(flatSpan({ 'http.request.method': 'POST', 'url.path': '/checkout' }))).toBeNull();
    expect(normalizeLlmSpan(flatSpan({ 'db.system': 'postgresql', 'db.query.text': 'select 1' }))).toBeNull();
  });

  it('does not take a span that only names a model for an LLM call', () => {
    expect(normalizeLlmSpan(flatSpan({ model: 'Model S', 'vehicle.vin': '5YJ3E1EA7KF317000' }))).toBeNull();
  });

  it('counts a chat span that failed before any usage was reported', () => {
    const failed = flatSpan(
      { 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4o' },
      { statusCode: 2, statusMessage: '429 Too Many Requests' },
    );
    expect(normalizeLlmSpan(failed)).toMatchObject({ operation: 'chat', model: 'gpt-4o', promptTokens: null });
  });

  it('counts an embeddings span without usage', () => {
    expect(
      normalizeLlmSpan(flatSpan({ 'gen_ai.operation.name': 'embeddings', 'gen_ai.request.model': 'text-embedding-3-small' })),
    ).toMatchObject({ operation: 'embeddings', isUsageWrapper: false });
  });

  it('counts a span with a model and token usage even without an operation', () => {
    expect(
      normalizeLlmSpan(flatSpan({ 'gen_ai.request.model': 'mistral-large', 'gen_ai.usage.output_tokens': 7 })),
    ).toMatchObject({ operation: null, completionTokens: 7, isUsageWrapper: false });
  });

  it('does not count tool, chain, agent or workflow spans that carry no usage', () => {
    const notCalls: Attributes[] = [
      { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'get_weather' },
      { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'planner', 'gen_ai.request.model': 'gpt-4o' },
      { 'openinference.span.kind': 'CHAIN', 'input.value': 'question' },
      { 'openinference.span.kind': 'RETRIEVER', 'retrieval.documents.0.document.content': 'doc' },
      { 'openinference.span.kind': 'AGENT', 'llm.model_name': 'gpt-4o' },
      { 'traceloop.span.kind': 'workflow', 'traceloop.workflow.name': 'support_flow' },
      { 'ai.operationId': 'ai.toolCall', 'ai.toolCall.name': 'search' },
    ];
    for (const attributes of notCalls) expect(normalizeLlmSpan(flatSpan(attributes)), JSON.stringify(attributes)).toBeNull();
  });

  it('marks an agent span that repeats its children’s usage as a usage wrapper', () => {
    const agent = flatSpan({
      'gen_ai.operation.name': 'invoke_agent',
      'gen_ai.agent.name': 'travel-planner',
      'gen_ai.request.model': 'gpt-4o',
      'gen_ai.usage.input_tokens': 5000,
      'gen_ai.usage.output_tokens': 600,
    });
    expect(normalizeLlmSpan(agent)).toMatchObject({ operation: 'invoke_agent', promptTokens: 5000, isUsageWrapper: true });
  });

  it('marks an OpenInference chain with model and token counts as a usage wrapper', () => {
    const chain = flatSpan({
      'openinference.span.kind': 'CHAIN',
      'llm.model_name': 'gpt-4o',
      'llm.token_count.prompt': 300,
      'llm.token_count.completion': 20,
    });
    expect(normalizeLlmSpan(chain)).toMatchObject({ operation: 'chain', isUsageWrapper: true });
  });

  it('marks a Vercel outer span as a usage wrapper even when it reports no usage', () => {
    expect(
      normalizeLlmSpan(flatSpan({ 'ai.operationId': 'ai.generateObject', 'ai.model.id': 'gpt-4o-mini' })),
    ).toMatchObject({ isUsageWrapper: true, operation: null });
  });
});

import { afterAll, describe, expect, it } from 'vitest';
import { inMemoryLumina } from './support/in-memory-lumina.js';

const completion = {
  object: 'chat.completion' as const,
  model: 'gpt-4o-mini-2024-07-18',
  choices: [{ index: 0, finish_reason: 'length', message: { role: 'assistant', content: 'secret answer' } }],
  usage: { prompt_tokens: 1000, completion_tokens: 100 },
};

const sdk = inMemoryLumina({
  recordContent: false,
  prices: { 'gpt-4o': { costPerPromptToken: 9e-6, costPerCompletionToken: 9e-6 }, 'gpt-4o-mini': { costPerPromptToken: 0.15e-6, costPerCompletionToken: 0.6e-6 } },
});
afterAll(() => sdk.lumina.shutdown());

describe('traceLLM options', () => {
  it('leaves prompts and responses out with recordContent: false, keeping usage and finish reason', async () => {
    await sdk.lumina.traceLLM(async () => completion, { name: 'no content', system: 'openai', prompt: 'secret question', systemPrompt: 'secret rules' });
    const span = await sdk.exportedSpan('no content');
    expect(Object.keys(span.attributes).filter((key) => key.includes('messages') || key.includes('instructions'))).toEqual([]);
    expect(span.attributes).toMatchObject({ 'gen_ai.usage.input_tokens': 1000, 'gen_ai.response.finish_reasons': ['length'] });
  });

  it('writes the price of the longest matching model key of the table as the custom price attributes', async () => {
    await sdk.lumina.traceLLM(async () => completion, { name: 'table price', system: 'openai', prompt: 'q' });
    expect((await sdk.exportedSpan('table price')).attributes).toMatchObject({ cost_per_prompt_token: 0.15e-6, cost_per_completion_token: 0.6e-6 });
  });

  it("prefers the call's own price to the table", async () => {
    await sdk.lumina.traceLLM(async () => completion, { name: 'own price', system: 'openai', prompt: 'q', price: { costPerPromptToken: 1e-6, costPerCompletionToken: 2e-6 } });
    expect((await sdk.exportedSpan('own price')).attributes).toMatchObject({ cost_per_prompt_token: 1e-6, cost_per_completion_token: 2e-6 });
  });

  it('writes the operation given, and metadata objects as JSON', async () => {
    await sdk.lumina.traceLLM(async () => ({ data: [] }), { name: 'embed', system: 'openai', operation: 'embeddings', prompt: 'q', metadata: { filters: { lang: 'de' }, ids: [1, 2] } });
    expect((await sdk.exportedSpan('embed')).attributes).toMatchObject({
      'gen_ai.operation.name': 'embeddings',
      'lumina.metadata.filters': '{"lang":"de"}',
      'lumina.metadata.ids': [1, 2],
    });
  });
});

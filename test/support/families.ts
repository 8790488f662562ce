import { context, trace, SpanKind, type Tracer, type Span } from '@opentelemetry/api';

/** What a test expects to read back for the LLM call of one family's trace. */
export interface ExpectedCall {
  spanName: string;
  provider: string;
  model: string;
  promptTokens: number;
  completionTokens: number;
  cachedPromptTokens: number | null;
  /** from the providers' published USD-per-million prices, not from our pricer */
  costUsd: number;
  promptContains: string;
  response: string;
  userId?: string;
  sessionId?: string;
}

export interface FamilyTrace {
  family: string;
  rootName: string;
  /** spans in the trace, root included */
  spanCount: number;
  calls: ExpectedCall[];
  /** spans that carry a model but only repeat their child's usage */
  wrappers: string[];
  emit(tracer: Tracer): string;
}

const perMillion = (tokens: number, usd: number) => (tokens * usd) / 1_000_000;

function underRoot(tracer: Tracer, rootName: string, body: (parent: Span) => void): string {
  const root = tracer.startSpan(rootName, { kind: SpanKind.SERVER });
  const ctx = trace.setSpan(context.active(), root);
  context.with(ctx, () => body(root));
  root.end();
  return root.spanContext().traceId;
}

function child(tracer: Tracer, parent: Span, name: string, attributes: Record<string, string | number | string[]>): Span {
  return tracer.startSpan(name, { kind: SpanKind.CLIENT, attributes }, trace.setSpan(context.active(), parent));
}

/** Current OpenTelemetry gen_ai semconv: messages as JSON attributes, cache reads in the input. */
export const currentGenAi = (tag: string): FamilyTrace => ({
  family: 'gen_ai current',
  rootName: `support-answer-${tag}`,
  spanCount: 2,
  wrappers: [],
  calls: [
    {
      spanName: 'chat gpt-4o',
      provider: 'openai',
      model: 'gpt-4o-2024-08-06',
      promptTokens: 1200,
      completionTokens: 300,
      cachedPromptTokens: 200,
      costUsd: perMillion(1000, 2.5) + perMillion(200, 1.25) + perMillion(300, 10),
      promptContains: `Where is my order ${tag}?`,
      response: 'It ships tomorrow.',
      sessionId: `conv-${tag}`,
    },
  ],
  emit(tracer) {
    return underRoot(tracer, this.rootName, (root) => {
      child(tracer, root, 'chat gpt-4o', {
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': 'gpt-4o',
        'gen_ai.response.model': 'gpt-4o-2024-08-06',
        'gen_ai.usage.input_tokens': 1200,
        'gen_ai.usage.cache_read.input_tokens': 200,
        'gen_ai.usage.output_tokens': 300,
        'gen_ai.conversation.id': `conv-${tag}`,
        'gen_ai.system_instructions': JSON.stringify([{ type: 'text', content: 'You are a support agent.' }]),
        'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: `Where is my order ${tag}?` }] }]),
        'gen_ai.output.messages': JSON.stringify([
          { role: 'assistant', parts: [{ type: 'text', content: 'It ships tomorrow.' }], finish_reason: 'stop' },
        ]),
      }).end();
    });
  },
});

/** Older gen_ai (v1.26): gen_ai.system, prompt_tokens, content carried in span events. */
export const olderGenAiWithEvents = (tag: string): FamilyTrace => ({
  family: 'gen_ai older with events',
  rootName: `summarize-${tag}`,
  spanCount: 2,
  wrappers: [],
  calls: [
    {
      spanName: 'chat gpt-4o-mini',
      provider: 'openai',
      model: 'gpt-4o-mini',
      promptTokens: 500,
      completionTokens: 100,
      cachedPromptTokens: null,
      costUsd: perMillion(500, 0.15) + perMillion(100, 0.6),
      promptContains: `Summarize ticket ${tag}`,
      response: 'Customer wants a refund.',
    },
  ],
  emit(tracer) {
    return underRoot(tracer, this.rootName, (root) => {
      const span = child(tracer, root, 'chat gpt-4o-mini', {
        'gen_ai.system': 'openai',
        'gen_ai.request.model': 'gpt-4o-mini',
        'gen_ai.usage.prompt_tokens': 500,
        'gen_ai.usage.completion_tokens': 100,
      });
      span.addEvent('gen_ai.content.prompt', { 'gen_ai.prompt': JSON.stringify([{ role: 'user', content: `Summarize ticket ${tag}` }]) });
      span.addEvent('gen_ai.content.completion', { 'gen_ai.completion': JSON.stringify([{ role: 'assistant', content: 'Customer wants a refund.' }]) });
      span.end();
    });
  },
});

/** OpenLLMetry legacy (Python Traceloop): indexed prompt/completion, capitalized gen_ai.system. */
export const openLlmetryLegacy = (tag: string): FamilyTrace => ({
  family: 'OpenLLMetry legacy',
  rootName: `classify-${tag}`,
  spanCount: 2,
  wrappers: [],
  calls: [
    {
      spanName: 'anthropic.chat',
      provider: 'anthropic',
      model: 'claude-3-5-sonnet-20241022',
      promptTokens: 800,
      completionTokens: 50,
      cachedPromptTokens: null,
      costUsd: perMillion(800, 3) + perMillion(50, 15),
      promptContains: `Classify email ${tag}`,
      response: 'billing',
      userId: `user-${tag}`,
    },
  ],
  emit(tracer) {
    return underRoot(tracer, this.rootName, (root) => {
      child(tracer, root, 'anthropic.chat', {
        'gen_ai.system': 'Anthropic',
        'llm.request.type': 'chat',
        'gen_ai.request.model': 'claude-3-5-sonnet-20241022',
        'gen_ai.prompt.0.role': 'user',
        'gen_ai.prompt.0.content': `Classify email ${tag}`,
        'gen_ai.completion.0.role': 'assistant',
        'gen_ai.completion.0.content': 'billing',
        'gen_ai.completion.0.finish_reason': 'end_turn',
        'gen_ai.usage.prompt_tokens': 800,
        'gen_ai.usage.completion_tokens': 50,
        'llm.usage.total_tokens': 850,
        'traceloop.association.properties.user_id': `user-${tag}`,
      }).end();
    });
  },
});

/** OpenInference (Arize): a CHAIN span around an LLM span with indexed messages. */
export const openInference = (tag: string): FamilyTrace => ({
  family: 'OpenInference',
  rootName: `rag-${tag}`,
  spanCount: 3,
  wrappers: [],
  calls: [
    {
      spanName: 'ChatOpenAI',
      provider: 'openai',
      model: 'gpt-4o-mini',
      promptTokens: 2000,
      completionTokens: 400,
      cachedPromptTokens: null,
      costUsd: perMillion(2000, 0.15) + perMillion(400, 0.6),
      promptContains: `What is our refund window ${tag}?`,
      response: '30 days.',
      sessionId: `sess-${tag}`,
      userId: `u-${tag}`,
    },
  ],
  emit(tracer) {
    return underRoot(tracer, this.rootName, (root) => {
      const chain = child(tracer, root, 'RetrievalQA', { 'openinference.span.kind': 'CHAIN', 'input.value': 'refund?' });
      child(tracer, chain, 'ChatOpenAI', {
        'openinference.span.kind': 'LLM',
        'llm.model_name': 'gpt-4o-mini',
        'llm.provider': 'openai',
        'llm.system': 'openai',
        'llm.token_count.prompt': 2000,
        'llm.token_count.completion': 400,
        'llm.input_messages.0.message.role': 'system',
        'llm.input_messages.0.message.content': 'Answer from the context.',
        'llm.input_messages.1.message.role': 'user',
        'llm.input_messages.1.message.content': `What is our refund window ${tag}?`,
        'llm.output_messages.0.message.role': 'assistant',
        'llm.output_messages.0.message.content': '30 days.',
        'session.id': `sess-${tag}`,
        'user.id': `u-${tag}`,
      }).end();
      chain.end();
    });
  },
});

/** Vercel AI SDK (v4): ai.generateText around ai.generateText.doGenerate, both with usage. */
export const vercelAiSdk = (tag: string): FamilyTrace => ({
  family: 'Vercel AI SDK legacy',
  rootName: `draft-${tag}`,
  spanCount: 3,
  wrappers: ['ai.generateText'],
  calls: [
    {
      spanName: 'ai.generateText.doGenerate',
      provider: 'openai',
      model: 'gpt-4o-mini',
      promptTokens: 300,
      completionTokens: 120,
      cachedPromptTokens: null,
      costUsd: perMillion(300, 0.15) + perMillion(120, 0.6),
      promptContains: `Write a haiku about ${tag}`,
      response: 'Autumn moonlight falls',
      userId: `vercel-${tag}`,
    },
  ],
  emit(tracer) {
    const prompt = JSON.stringify({ prompt: `Write a haiku about ${tag}` });
    const shared = {
      'ai.model.id': 'gpt-4o-mini',
      'ai.model.provider': 'openai.chat',
      'ai.usage.promptTokens': 300,
      'ai.usage.completionTokens': 120,
      'ai.response.text': 'Autumn moonlight falls',
      'ai.telemetry.metadata.userId': `vercel-${tag}`,
    };
    return underRoot(tracer, this.rootName, (root) => {
      const outer = child(tracer, root, 'ai.generateText', { ...shared, 'ai.operationId': 'ai.generateText', 'ai.prompt': prompt });
      child(tracer, outer, 'ai.generateText.doGenerate', {
        ...shared,
        'ai.operationId': 'ai.generateText.doGenerate',
        'ai.prompt.messages': JSON.stringify([{ role: 'user', content: [{ type: 'text', text: `Write a haiku about ${tag}` }] }]),
        'gen_ai.system': 'openai.chat',
        'gen_ai.request.model': 'gpt-4o-mini',
        'gen_ai.response.model': 'gpt-4o-mini',
        'gen_ai.usage.input_tokens': 300,
        'gen_ai.usage.output_tokens': 120,
      }).end();
      outer.end();
    });
  },
});

export const ALL_FAMILIES = [currentGenAi, olderGenAiWithEvents, openLlmetryLegacy, openInference, vercelAiSdk];

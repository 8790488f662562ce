/**
 * A small LangChain app for the instrumentation tests: a prompt template piped into
 * `ChatOpenAI` (real `@langchain/core` and `@langchain/openai`) calling the local OpenAI
 * stand-in through `baseURL`, each question handled under the app's own request span, as a
 * web handler would. Spans go out through a real OTLP exporter.
 */
import { context, trace, type TracerProvider } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { ChatPromptTemplate } from '@langchain/core/prompts';
import { ChatOpenAI } from '@langchain/openai';

export interface TracedApp {
  provider: BasicTracerProvider;
  /** answers one question under a request span; returns its trace id and the answer */
  ask(question: string): Promise<{ traceId: string; answer: string }>;
  /** flushes and shuts the tracer provider down */
  close(): Promise<void>;
}

export const SYSTEM_PROMPT = 'You are a concise geography tutor.';

/** The app, traced by whatever instrumentations `instrument` registers on the provider. */
export function tracedLangChainApp(options: {
  exporter: SpanExporter;
  serviceName: string;
  openAiBaseUrl: string;
  instrument: (provider: TracerProvider) => void;
}): TracedApp {
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': options.serviceName }),
    spanProcessors: [new BatchSpanProcessor(options.exporter, { scheduledDelayMillis: 50 })],
  });
  options.instrument(provider);
  const model = new ChatOpenAI({ model: 'gpt-4o-mini', apiKey: 'test-key', configuration: { baseURL: options.openAiBaseUrl } });
  const chain = ChatPromptTemplate.fromMessages([
    ['system', SYSTEM_PROMPT],
    ['human', '{question}'],
  ]).pipe(model);
  const tracer = provider.getTracer('geo-tutor-app', '1.0.0');
  return {
    provider,
    async ask(question) {
      return tracer.startActiveSpan('POST /ask', async (span) => {
        try {
          const reply = await chain.invoke({ question });
          return { traceId: span.spanContext().traceId, answer: String(reply.content) };
        } finally {
          span.end();
        }
      });
    },
    async close() {
      await provider.forceFlush();
      await provider.shutdown();
      trace.disable();
      context.disable();
    },
  };
}

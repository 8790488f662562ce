import { trace } from '@opentelemetry/api';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initLumina, type LuminaClient } from '../src/index.js';

/** The application's own tracing, set up before Lumina: an exporter standing for Datadog. */
const datadog = new InMemorySpanExporter();
const appSdk = new NodeSDK({ serviceName: 'shop', spanProcessors: [new SimpleSpanProcessor(datadog)], instrumentations: [], metricReaders: [], logRecordProcessors: [] });
const lumina = new InMemorySpanExporter();
let client: LuminaClient;

beforeAll(() => {
  appSdk.start();
  client = initLumina({ service_name: 'ignored-when-attached', spanExporter: lumina });
});
afterAll(async () => {
  await appSdk.shutdown();
});

const completion = { object: 'chat.completion' as const, model: 'gpt-4o', choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'ok' } }], usage: { prompt_tokens: 3, completion_tokens: 1 } };
const ids = (exporter: InMemorySpanExporter) => exporter.getFinishedSpans().map((span) => `${span.name}/${span.spanContext().spanId}`).sort();

describe('beside an application that registered its own tracer provider', () => {
  it('adds its processor to that provider instead of replacing it', () => {
    expect(client.mode).toBe('attached');
  });

  it('sends every span to both the application exporter and Lumina', async () => {
    const appTracer = trace.getTracer('shop');
    await appTracer.startActiveSpan('GET /checkout', async (request) => {
      await client.trace(async () => {
        await client.traceLLM(async () => completion, { name: 'dual call one', system: 'openai', prompt: 'a' });
        await client.traceLLM(async () => completion, { name: 'dual call two', system: 'openai', prompt: 'b' });
      }, { name: 'dual workflow' });
      request.end();
    });
    await client.flush();
    expect(ids(datadog)).toHaveLength(4);
    expect(ids(lumina)).toEqual(ids(datadog));
    const call = lumina.getFinishedSpans().find((span) => span.name === 'dual call one')!;
    expect(call.resource.attributes['service.name']).toBe('shop');
    expect(call.parentSpanContext?.spanId).toBe(lumina.getFinishedSpans().find((span) => span.name === 'dual workflow')!.spanContext().spanId);
  });

  it('leaves the application provider working, without Lumina, after shutdown', async () => {
    await client.shutdown();
    const before = lumina.getFinishedSpans().length;
    trace.getTracer('shop').startSpan('after lumina').end();
    expect(datadog.getFinishedSpans().map((span) => span.name)).toContain('after lumina');
    expect(lumina.getFinishedSpans()).toHaveLength(before);
  });
});

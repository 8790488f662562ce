/**
 * Payloads ingest accepts must be stored (issue: the fuzzer found accepted payloads the
 * processors dead-lettered). Each cause is sent with an official OTLP exporter through the whole
 * pipeline (ingest → JetStream → processors → Postgres): the payload's other spans are stored,
 * and the bad span is stored sanitized or refused at ingest with a reason — never dead-lettered.
 */
import { context, diag, DiagLogLevel, trace, type DiagLogger } from '@opentelemetry/api';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { otlpExporter, withTracer } from './support/otel.js';
import { startPlatform, type TestPlatform } from './support/platform.js';
import { waitFor } from './support/wait.js';

interface ApiSpan {
  name: string;
  prompt_tokens: number | null;
  completion_tokens: number | null;
  attributes: Record<string, unknown>;
}

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startPlatform();
});
afterAll(async () => {
  await platform?.stop();
});

async function storedSpans(traceId: string, count: number): Promise<ApiSpan[]> {
  const found = await waitFor(
    async () => {
      const response = await fetch(`${platform.queryUrl}/api/traces/${traceId}`);
      return response.status === 200 ? ((await response.json()) as { spans: ApiSpan[] }) : null;
    },
    (value) => value !== null && value.spans.length === count,
    30_000,
    `trace ${traceId} with ${count} spans`,
  );
  return found!.spans;
}

async function deadLettered(): Promise<number> {
  const text = await (await fetch(`${platform.processorUrl}/metrics`)).text();
  return [...text.matchAll(/^lumina_messages_dead_lettered_total(?:\{[^}]*\})? (\S+)$/gm)].reduce((sum, match) => sum + Number(match[1]), 0);
}

const llmCall = { 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4o-mini' };

describe('token counts past what the integer columns hold (sent with the official http/protobuf exporter)', () => {
  it('stores the span without those counts, and the payload’s other spans whole', async () => {
    let traceId = '';
    await withTracer(otlpExporter('http/protobuf', platform), { 'service.name': 'hostile-tokens' }, (tracer) => {
      const root = tracer.startSpan('handle request');
      traceId = root.spanContext().traceId;
      const parent = trace.setSpan(context.active(), root);
      // 2^40 fits int64 but not a Postgres integer; '1e308' reads as a finite number far past it.
      tracer.startSpan('chat huge usage', { attributes: { ...llmCall, 'gen_ai.usage.input_tokens': 2 ** 40, 'gen_ai.usage.output_tokens': '1e308' } }, parent).end();
      tracer.startSpan('chat max int64 usage', { attributes: { ...llmCall, 'gen_ai.usage.input_tokens': Number.MAX_VALUE, 'gen_ai.usage.output_tokens': 7 } }, parent).end();
      tracer.startSpan('chat normal usage', { attributes: { ...llmCall, 'gen_ai.usage.input_tokens': 12, 'gen_ai.usage.output_tokens': 3 } }, parent).end();
      root.end();
    });
    const spans = await storedSpans(traceId, 4);
    const byName = new Map(spans.map((span) => [span.name, span]));
    expect(byName.get('chat normal usage')).toMatchObject({ prompt_tokens: 12, completion_tokens: 3 });
    expect(byName.get('chat huge usage')).toMatchObject({ prompt_tokens: null, completion_tokens: null });
    expect(byName.get('chat max int64 usage')).toMatchObject({ prompt_tokens: null, completion_tokens: 7 });
    // The values as sent stay readable in the attributes.
    expect(byName.get('chat huge usage')!.attributes['gen_ai.usage.output_tokens']).toBe('1e308');
    expect(await deadLettered()).toBe(0);
  });
});

/** An exporter that sends the span named `name` with a nested attribute value the SDK itself would not let through. */
function withNestedAttribute(exporter: SpanExporter, name: string, value: unknown): SpanExporter {
  return {
    export: (spans, done) =>
      exporter.export(
        spans.map((span) => (span.name === name ? (Object.create(span, { attributes: { value: { ...span.attributes, nested: value } } }) as ReadableSpan) : span)),
        done,
      ),
    shutdown: () => exporter.shutdown(),
    forceFlush: () => exporter.forceFlush?.() ?? Promise.resolve(),
  };
}

function nestedArrays(levels: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < levels; i += 1) value = [value];
  return value;
}

describe('attribute values nested deeper than the protobuf decoder goes (sent with the official http/json exporter)', () => {
  it('refuses that span at ingest with a reason (partial success) and stores the others', async () => {
    const warnings: string[] = [];
    const record = (...args: unknown[]) => warnings.push(args.map(String).join(' '));
    const logger: DiagLogger = { error: record, warn: record, info: () => {}, debug: () => {}, verbose: () => {} };
    diag.setLogger(logger, { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true });
    let traceId = '';
    try {
      let exporter = otlpExporter('http/json', platform);
      exporter = withNestedAttribute(exporter, 'deep', nestedArrays(200));
      exporter = withNestedAttribute(exporter, 'shallow', nestedArrays(5));
      await withTracer(exporter, { 'service.name': 'hostile-nesting' }, (tracer) => {
        const root = tracer.startSpan('handle request');
        traceId = root.spanContext().traceId;
        const parent = trace.setSpan(context.active(), root);
        tracer.startSpan('deep', {}, parent).end();
        tracer.startSpan('shallow', {}, parent).end();
        root.end();
      });
    } finally {
      diag.disable();
    }
    const spans = await storedSpans(traceId, 2);
    expect(spans.map((span) => span.name).sort()).toEqual(['handle request', 'shallow']);
    expect(spans.find((span) => span.name === 'shallow')!.attributes.nested).toEqual(nestedArrays(5));
    const partial = warnings.find((line) => line.includes('Partial Success'));
    expect(partial).toMatch(/"rejectedSpans":"?1"?/);
    expect(partial).toContain('nested deeper than 32 levels');
    expect(await deadLettered()).toBe(0);
  });
});

import { ROOT_CONTEXT, trace, type Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter as GrpcExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';

const SPANS_PER_TRACE = 20;

export interface FinalExportResult {
  /** per transport: spans sent and spans the query API returned for the trace */
  traces: Array<{ transport: string; traceId: string; sent: number; stored: number }>;
  whole: boolean;
  error?: string;
}

/** One trace of a root and LLM calls under it, exported through `exporter`; returns the trace id and span ids. */
async function exportTrace(exporter: SpanExporter, transport: string): Promise<{ traceId: string; spanIds: string[] }> {
  const failures: unknown[] = [];
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': `fuzz-after-storm-${transport}` }),
    spanProcessors: [
      new BatchSpanProcessor(
        { export: (spans, done) => exporter.export(spans, (result) => (result.code !== 0 && failures.push(result.error), done(result))), shutdown: () => exporter.shutdown() },
        { scheduledDelayMillis: 50 },
      ),
    ],
  });
  const tracer: Tracer = provider.getTracer('lumina-fuzz', '1.0.0');
  const spanIds: string[] = [];
  const root = tracer.startSpan('after the storm');
  // The parent is passed explicitly: no context manager is registered here.
  const parent = trace.setSpan(ROOT_CONTEXT, root);
  for (let i = 1; i < SPANS_PER_TRACE; i += 1) {
    const call = tracer.startSpan(
      `chat gpt-4o-mini ${i}`,
      {
        attributes: {
          'gen_ai.operation.name': 'chat',
          'gen_ai.provider.name': 'openai',
          'gen_ai.request.model': 'gpt-4o-mini',
          'gen_ai.usage.input_tokens': 10 + i,
          'gen_ai.usage.output_tokens': 5 + i,
          'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: `question ${i}` }] }]),
        },
      },
      parent,
    );
    spanIds.push(call.spanContext().spanId);
    call.end();
  }
  spanIds.push(root.spanContext().spanId);
  root.end();
  const traceId = root.spanContext().traceId;
  await provider.forceFlush();
  await provider.shutdown();
  if (failures.length > 0) throw new Error(`the ${transport} export failed: ${String(failures[0])}`);
  return { traceId, spanIds };
}

async function storedSpanIds(queryUrl: string, traceId: string): Promise<Set<string>> {
  const response = await fetch(`${queryUrl}/api/traces/${traceId}`);
  if (response.status === 404) return new Set();
  if (!response.ok) throw new Error(`GET /api/traces/${traceId} answered ${response.status}: ${await response.text()}`);
  const trace = (await response.json()) as { spans: Array<{ span_id: string }> };
  return new Set(trace.spans.map((span) => span.span_id));
}

/**
 * A valid export through each official OTLP exporter (gRPC, HTTP protobuf gzip, HTTP JSON),
 * then polls the query API until every span of each trace is there (or `timeoutMs` passes).
 */
export async function checkValidExportStored(ingest: { httpUrl: string; grpcAddress: string }, queryUrl: string, timeoutMs: number): Promise<FinalExportResult> {
  const exporters: Array<[string, SpanExporter]> = [
    ['grpc', new GrpcExporter({ url: `http://${ingest.grpcAddress}`, timeoutMillis: 30_000 })],
    ['http/protobuf+gzip', new ProtoExporter({ url: `${ingest.httpUrl}/v1/traces`, compression: 'gzip' as never, timeoutMillis: 30_000 })],
    ['http/json', new JsonExporter({ url: `${ingest.httpUrl}/v1/traces`, timeoutMillis: 30_000 })],
  ];
  const sent: Array<{ transport: string; traceId: string; spanIds: string[] }> = [];
  try {
    for (const [transport, exporter] of exporters) sent.push({ transport, ...(await exportTrace(exporter, transport)) });
  } catch (error) {
    return { traces: [], whole: false, error: error instanceof Error ? error.message : String(error) };
  }
  const deadline = Date.now() + timeoutMs;
  let traces: FinalExportResult['traces'] = [];
  for (;;) {
    traces = [];
    for (const trace of sent) {
      const stored = await storedSpanIds(queryUrl, trace.traceId);
      traces.push({ transport: trace.transport, traceId: trace.traceId, sent: trace.spanIds.length, stored: trace.spanIds.filter((id) => stored.has(id)).length });
    }
    if (traces.every((trace) => trace.stored === trace.sent)) return { traces, whole: true };
    if (Date.now() > deadline) return { traces, whole: false, error: `not every span was stored within ${timeoutMs / 1000} s` };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { Attributes, Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter as GrpcExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';

export type Transport = 'grpc' | 'http/protobuf' | 'http/json';

/** The official OpenTelemetry exporter for a transport, pointed at a local receiver. */
export function otlpExporter(transport: Transport, ports: { grpcPort: number; httpPort: number }, gzip = false, timeoutMillis = 10_000): SpanExporter {
  const compression = gzip ? ('gzip' as never) : ('none' as never);
  switch (transport) {
    case 'grpc':
      return new GrpcExporter({ url: `http://127.0.0.1:${ports.grpcPort}`, compression, timeoutMillis });
    case 'http/protobuf':
      return new ProtoExporter({ url: `http://127.0.0.1:${ports.httpPort}/v1/traces`, compression, timeoutMillis });
    case 'http/json':
      return new JsonExporter({ url: `http://127.0.0.1:${ports.httpPort}/v1/traces`, compression, timeoutMillis });
  }
}

/** Wraps an exporter so that every failed export is recorded (exporters only log them). */
function recordingFailures(exporter: SpanExporter, failures: unknown[]): SpanExporter {
  return {
    export: (spans, done) =>
      exporter.export(spans, (result) => {
        if (result.error || result.code !== 0) failures.push(result.error ?? new Error(`export result ${result.code}`));
        done(result);
      }),
    shutdown: () => exporter.shutdown(),
    forceFlush: () => exporter.forceFlush?.() ?? Promise.resolve(),
  };
}

/**
 * Runs `emit` with a tracer whose spans go through the given exporter, then flushes and
 * shuts the provider down, so everything has been exported when this resolves.
 * Fails if the exporter reported an error.
 */
export async function withTracer(
  exporter: SpanExporter,
  resource: Attributes,
  emit: (tracer: Tracer) => void | Promise<void>,
  options: { exportTimeoutMillis?: number } = {},
): Promise<void> {
  const failures: unknown[] = [];
  const checked = recordingFailures(exporter, failures);
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes(resource),
    spanProcessors: [new BatchSpanProcessor(checked, { maxExportBatchSize: 512, scheduledDelayMillis: 50, exportTimeoutMillis: options.exportTimeoutMillis ?? 30_000 })],
  });
  await emit(provider.getTracer('lumina-tests', '1.0.0'));
  await provider.forceFlush();
  await provider.shutdown();
  if (failures.length > 0) throw new Error(`OTLP export failed: ${String(failures[0])}`);
}

/**
 * Like {@link withTracer}, through `@opentelemetry/sdk-node`'s NodeSDK as an app would set it
 * up: the SDK registers the global tracer provider, `emit` uses the global API, and shutdown
 * flushes. The global provider is released afterwards so the next call can register its own.
 */
export async function withNodeSdk(
  exporter: SpanExporter,
  resource: Attributes,
  emit: (tracer: Tracer) => void | Promise<void>,
): Promise<void> {
  const { NodeSDK } = await import('@opentelemetry/sdk-node');
  const { trace, context, propagation } = await import('@opentelemetry/api');
  const failures: unknown[] = [];
  const checked = recordingFailures(exporter, failures);
  const sdk = new NodeSDK({
    resource: resourceFromAttributes(resource),
    autoDetectResources: false,
    instrumentations: [],
    spanProcessors: [new BatchSpanProcessor(checked, { maxExportBatchSize: 512, scheduledDelayMillis: 50 })],
  });
  sdk.start();
  try {
    await emit(trace.getTracer('lumina-tests', '1.0.0'));
  } finally {
    await sdk.shutdown();
    trace.disable();
    context.disable();
    propagation.disable();
  }
  if (failures.length > 0) throw new Error(`OTLP export failed: ${String(failures[0])}`);
}

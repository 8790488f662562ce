import { setTimeout as sleep } from 'node:timers/promises';

import { ROOT_CONTEXT, trace, type Attributes, type Span, type Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter as GrpcExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { OTLPTraceExporter as HttpExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';

/** A span and its children, as an app would produce them (children end first). */
export interface SpanSpec {
  name: string;
  attributes?: Attributes;
  events?: { name: string; attributes?: Attributes }[];
  children?: SpanSpec[];
}

export type OtlpTarget = { protocol: 'http'; url: string } | { protocol: 'grpc'; url: string };

/** Sends each root span as one trace through the official OTLP exporter; returns trace ids. */
export async function sendTraces(target: OtlpTarget, roots: SpanSpec[]): Promise<string[]> {
  const provider = tracerProvider(target);
  const tracer = provider.getTracer('collector-config-test');
  const traceIds = roots.map((root) => emit(tracer, root, undefined).spanContext().traceId);
  await provider.forceFlush();
  await provider.shutdown();
  return traceIds;
}

/**
 * Sends one trace in several exports `pauseMs` apart, as a long-running request does:
 * each group of children of `root` when it ends, the root span last. `afterGroup` runs
 * once each group was exported (before the pause). Returns the trace id.
 */
export async function sendTraceOverTime(
  target: OtlpTarget,
  root: SpanSpec,
  childGroups: SpanSpec[][],
  pauseMs: number,
  afterGroup: (index: number, traceId: string) => Promise<void> = async () => {},
): Promise<string> {
  const provider = tracerProvider(target);
  const tracer = provider.getTracer('collector-config-test');
  const rootSpan = tracer.startSpan(root.name, { attributes: root.attributes ?? {} });
  for (const [index, group] of childGroups.entries()) {
    for (const child of group) emit(tracer, child, rootSpan);
    await provider.forceFlush();
    await afterGroup(index, rootSpan.spanContext().traceId);
    await sleep(pauseMs);
  }
  rootSpan.end();
  await provider.forceFlush();
  await provider.shutdown();
  return rootSpan.spanContext().traceId;
}

function tracerProvider(target: OtlpTarget): BasicTracerProvider {
  const exporter =
    target.protocol === 'http' ? new HttpExporter({ url: `${target.url}/v1/traces` }) : new GrpcExporter({ url: target.url });
  return new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'collector-config-test' }),
    spanProcessors: [new BatchSpanProcessor(exporter, { scheduledDelayMillis: 100 })],
  });
}

function emit(tracer: Tracer, spec: SpanSpec, parent: Span | undefined): Span {
  const context = parent ? trace.setSpan(ROOT_CONTEXT, parent) : ROOT_CONTEXT;
  const span = tracer.startSpan(spec.name, { attributes: spec.attributes ?? {} }, context);
  for (const event of spec.events ?? []) span.addEvent(event.name, event.attributes);
  for (const child of spec.children ?? []) emit(tracer, child, span);
  span.end();
  return span;
}

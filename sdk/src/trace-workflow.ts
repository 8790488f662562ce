/** `trace`: a span around a unit of work (a request, an agent step) that groups LLM calls. */
import { context, SpanKind, trace, type Attributes, type Span, type Tracer } from '@opentelemetry/api';
import { LUMINA } from './attribute-keys.js';
import { recordFailure } from './llm/call-attributes.js';
import { addMetadataAttributes, type Metadata } from './metadata.js';

/** Options of `LuminaClient.trace`. */
export interface TraceOptions {
  /** the span name */
  name: string;
  /** extra span attributes */
  attributes?: Attributes;
  /** as for `traceLLM`: `userId` → `user.id`, `sessionId` → `session.id`, others `lumina.metadata.*` */
  metadata?: Metadata;
  /** written as `lumina.tags` */
  tags?: readonly string[];
}

/** The function behind `LuminaClient.trace`. */
export type TraceWorkflow = <T>(fn: (span: Span) => T | PromiseLike<T>, options: TraceOptions) => Promise<T>;

/**
 * Builds `trace` over a tracer. The span is marked `lumina.span.kind=workflow` so that a
 * collector keeping only LLM-related spans keeps it, and it is active while `fn` runs.
 */
export function createTraceWorkflow(tracer: Tracer): TraceWorkflow {
  return async function traceWorkflow<T>(fn: (span: Span) => T | PromiseLike<T>, options: TraceOptions): Promise<T> {
    const attributes: Attributes = { ...options.attributes, [LUMINA.spanKind]: 'workflow' };
    addMetadataAttributes(attributes, options.metadata, options.tags);
    const span = tracer.startSpan(options.name, { kind: SpanKind.INTERNAL, attributes });
    try {
      return await context.with(trace.setSpan(context.active(), span), fn, undefined, span);
    } catch (error) {
      recordFailure(span, error);
      throw error;
    } finally {
      span.end();
    }
  };
}

/**
 * Provider SDKs that trace themselves (`@anthropic-ai/sdk` emits an `anthropic.messages.create`
 * CLIENT span with gen_ai usage whenever a tracer provider is registered) would make a call
 * wrapped in `traceLLM` appear twice, and its cost be counted twice. The `traceLLM` span is the
 * richer record (prompt, response, metadata, prices), so this processor keeps it and leaves the
 * provider's own call span directly under it out of Lumina's export; spans under that one (HTTP
 * attempts) are re-parented onto the `traceLLM` span. Other processors of the application's
 * provider still get every span.
 */
import type { Context, SpanContext } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { GEN_AI, LUMINA } from '../attribute-keys.js';
import { SDK_NAME } from '../version.js';

function isTraceLlmSpan(span: Span): boolean {
  return span.instrumentationScope?.name === SDK_NAME && span.attributes[LUMINA.spanKind] === 'llm';
}

/** A provider SDK's call span: another scope's span that says which provider it calls. */
function isProviderCallSpan(span: Span): boolean {
  return span.instrumentationScope?.name !== SDK_NAME && (span.attributes[GEN_AI.providerName] !== undefined || span.attributes['gen_ai.system'] !== undefined);
}

/** The same span with another parent (a plain copy: ended spans are read-only). */
function withParent(span: ReadableSpan, parent: SpanContext): ReadableSpan {
  return {
    name: span.name,
    kind: span.kind,
    spanContext: () => span.spanContext(),
    parentSpanContext: parent,
    startTime: span.startTime,
    endTime: span.endTime,
    status: span.status,
    attributes: span.attributes,
    links: span.links,
    events: span.events,
    duration: span.duration,
    ended: span.ended,
    resource: span.resource,
    instrumentationScope: span.instrumentationScope,
    droppedAttributesCount: span.droppedAttributesCount,
    droppedEventsCount: span.droppedEventsCount,
    droppedLinksCount: span.droppedLinksCount,
  };
}

/** Drops provider call spans that duplicate a `traceLLM` span, then hands spans to `next`. */
export class ProviderSpanDeduplicator implements SpanProcessor {
  /** ids of `traceLLM` spans not yet ended */
  private readonly openCalls = new Set<string>();
  /** provider call span id → the `traceLLM` span that stands for it */
  private readonly replaced = new Map<string, SpanContext>();

  /** @param next the processor that receives the spans kept */
  constructor(private readonly next: SpanProcessor) {}

  onStart(span: Span, parentContext: Context): void {
    const parent = span.parentSpanContext;
    if (isTraceLlmSpan(span)) this.openCalls.add(span.spanContext().spanId);
    else if (parent && this.openCalls.has(parent.spanId) && isProviderCallSpan(span)) this.replaced.set(span.spanContext().spanId, parent);
    this.next.onStart(span, parentContext);
  }

  onEnd(span: ReadableSpan): void {
    const spanId = span.spanContext().spanId;
    this.openCalls.delete(spanId);
    if (this.replaced.delete(spanId)) return;
    const adoptiveParent = span.parentSpanContext && this.replaced.get(span.parentSpanContext.spanId);
    this.next.onEnd(adoptiveParent ? withParent(span, adoptiveParent) : span);
  }

  forceFlush(): Promise<void> {
    return this.next.forceFlush();
  }

  shutdown(): Promise<void> {
    this.openCalls.clear();
    this.replaced.clear();
    return this.next.shutdown();
  }
}

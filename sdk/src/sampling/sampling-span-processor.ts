/**
 * The SDK's span processor: every span is recorded (the SDK's sampler is AlwaysOn), and
 * this processor decides when a span ends whether it goes on to the exporting processor.
 *
 * - A trace kept by the head rate (trace-id hash) passes straight through.
 * - A span of any other trace is held until its local root span ends. If a span of that
 *   trace matches an always-sample condition first, the held spans and every later span
 *   of the trace are passed on; otherwise the held spans are dropped when the root ends.
 *
 * So a trace is kept or dropped whole, and a condition met deep in a trace keeps the
 * workflow spans around it. Memory is bounded: at most `maxHeldSpans` spans are held
 * (the oldest trace is dropped first beyond that), and the traces forced by a condition
 * are remembered in a bounded list for their late spans.
 */
import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { SamplingPolicy } from './sampling-policy.js';

/** Limits of the processor's memory. */
export interface SamplingLimits {
  /** spans held while their trace is undecided; default 10,000 */
  maxHeldSpans: number;
  /** trace ids remembered as kept by a condition; default 10,000 */
  maxForcedTraces: number;
}

const DEFAULT_LIMITS: SamplingLimits = { maxHeldSpans: 10_000, maxForcedTraces: 10_000 };

function isLocalRoot(span: ReadableSpan): boolean {
  return span.parentSpanContext === undefined || span.parentSpanContext.isRemote === true;
}

/** A span processor that forwards to `next` only the spans the sampling policy keeps. */
export class SamplingSpanProcessor implements SpanProcessor {
  private readonly held = new Map<string, ReadableSpan[]>();
  private heldCount = 0;
  private readonly forced = new Set<string>();
  private readonly limits: SamplingLimits;

  /**
   * @param next the processor that exports kept spans (a BatchSpanProcessor)
   * @param policy the rate and conditions
   */
  constructor(
    private readonly next: SpanProcessor,
    private readonly policy: SamplingPolicy,
    limits: Partial<SamplingLimits> = {},
  ) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
  }

  onStart(span: Span, parentContext: Context): void {
    this.next.onStart(span, parentContext);
  }

  onEnd(span: ReadableSpan): void {
    const traceId = span.spanContext().traceId;
    if (this.policy.keepsTrace(traceId) || this.forced.has(traceId)) {
      this.next.onEnd(span);
      return;
    }
    if (this.policy.forcesKeep(span)) {
      this.keepTrace(traceId);
      this.next.onEnd(span);
      return;
    }
    if (isLocalRoot(span)) this.release(traceId);
    else this.hold(traceId, span);
  }

  /** Passes on the held spans of a trace and remembers it for its later spans. */
  private keepTrace(traceId: string): void {
    for (const held of this.release(traceId)) this.next.onEnd(held);
    this.forced.add(traceId);
    if (this.forced.size > this.limits.maxForcedTraces) this.forced.delete(this.forced.values().next().value as string);
  }

  private hold(traceId: string, span: ReadableSpan): void {
    const spans = this.held.get(traceId);
    if (spans) spans.push(span);
    else this.held.set(traceId, [span]);
    this.heldCount++;
    while (this.heldCount > this.limits.maxHeldSpans) this.release(this.held.keys().next().value as string);
  }

  private release(traceId: string): ReadableSpan[] {
    const spans = this.held.get(traceId) ?? [];
    this.held.delete(traceId);
    this.heldCount -= spans.length;
    return spans;
  }

  /** Spans held for undecided traces, for tests and diagnostics. */
  heldSpanCount(): number {
    return this.heldCount;
  }

  forceFlush(): Promise<void> {
    return this.next.forceFlush();
  }

  /** Drops what is still held (undecided traces are not kept), then shuts `next` down. */
  shutdown(): Promise<void> {
    this.held.clear();
    this.heldCount = 0;
    return this.next.shutdown();
  }
}

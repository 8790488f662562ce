/** Test-only builders of FlatSpans (not exported from the package). */
import type { Attributes, FlatSpan, SpanEvent } from '../src/span.js';

const START_NANOS = 1_700_000_000_000_000_000n;

/** A client span with the given attributes; everything else plausible and overridable. */
export function flatSpan(attributes: Attributes, overrides: Partial<FlatSpan> = {}): FlatSpan {
  return {
    traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
    spanId: '00f067aa0ba902b7',
    parentSpanId: null,
    name: 'chat gpt-4o',
    kind: 'client',
    serviceName: 'checkout-assistant',
    startTimeUnixNano: START_NANOS,
    endTimeUnixNano: START_NANOS + 850_000_000n,
    statusCode: 0,
    statusMessage: '',
    attributes,
    resource: { 'service.name': 'checkout-assistant' },
    scopeName: 'test',
    scopeVersion: '0.0.0',
    events: [],
    ...overrides,
  };
}

/** A span event at the span's start. */
export function spanEvent(name: string, attributes: Attributes = {}): SpanEvent {
  return { name, timeUnixNano: START_NANOS, attributes };
}

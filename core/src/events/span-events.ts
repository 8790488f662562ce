/**
 * Span events as stored and served: every event of a span (exceptions, retries, custom
 * marks), and the exception a call ended with.
 */
import type { Attributes, SpanEvent } from '../span.js';

/** A span event as stored in `spans.events`: time as unix nanoseconds in a decimal string (exact in JSON). */
export interface StoredSpanEvent {
  name: string;
  time_unix_nano: string;
  attributes: Attributes;
}

/** What an `exception` event says (semconv `exception.*`). */
export interface SpanException {
  type: string | null;
  message: string | null;
  stacktrace: string | null;
  escaped: boolean | null;
}

/** gen_ai events whose content the processors read into prompt/response (not stored twice when they did). */
const CONTENT_EVENT_NAMES = new Set([
  'gen_ai.system.message',
  'gen_ai.user.message',
  'gen_ai.assistant.message',
  'gen_ai.tool.message',
  'gen_ai.choice',
  'gen_ai.content.prompt',
  'gen_ai.content.completion',
]);

/** The span's events to store; content events are left out when their content was read (`contentRead`). Null when none. */
export function storedSpanEvents(events: readonly SpanEvent[], contentRead: boolean): StoredSpanEvent[] | null {
  const kept = events.filter((event) => !(contentRead && CONTENT_EVENT_NAMES.has(event.name)));
  if (kept.length === 0) return null;
  return kept.map((event) => ({ name: event.name, time_unix_nano: event.timeUnixNano.toString(), attributes: event.attributes }));
}

function text(value: unknown): string | null {
  if (typeof value === 'string') return value === '' ? null : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

/** The last `exception` event of the span (the one it ended with), or null. */
export function spanException(events: readonly { name: string; attributes: Attributes }[] | null): SpanException | null {
  const event = events?.findLast((candidate) => candidate.name === 'exception');
  if (event === undefined) return null;
  const escaped = event.attributes['exception.escaped'];
  return {
    type: text(event.attributes['exception.type']),
    message: text(event.attributes['exception.message']),
    stacktrace: text(event.attributes['exception.stacktrace']),
    escaped: typeof escaped === 'boolean' ? escaped : escaped === 'true' ? true : escaped === 'false' ? false : null,
  };
}

/**
 * gen_ai events sent as OTLP log records (the OpenTelemetry OpenAI instrumentation and its
 * twins send message content this way), reduced to what the join needs: the span they belong
 * to, their name, time and payload, and a key that is the same every time the same record is
 * sent again (a client retry, a redelivery, a collector resending a batch).
 */
import { createHash } from 'node:crypto';
import type { AttributeValue, Attributes } from '../span.js';

/** Message and choice events of semconv v1.28–1.36, and the newer operation-details event. */
export const GEN_AI_EVENT_NAMES: ReadonlySet<string> = new Set([
  'gen_ai.system.message',
  'gen_ai.user.message',
  'gen_ai.assistant.message',
  'gen_ai.tool.message',
  'gen_ai.choice',
  'gen_ai.client.inference.operation.details',
]);

/** One gen_ai event of a log record, tied to its span. */
export interface GenAiLogEvent {
  traceId: string;
  spanId: string;
  name: string;
  /** the record's time (observed time when unset), unix nanoseconds as a decimal string */
  timeUnixNano: string;
  /** its place among the events of the same span in the export that carried it (ties in time keep their order) */
  position: number;
  /** the record's attributes, `event.name` left out */
  attributes: Attributes;
  /** the record's body (kvlist as an object, a string, …); null when absent */
  body: AttributeValue;
  /** the same for every copy of the same record (see eventKey) */
  key: string;
}

/** The event name of a log record: the OTLP `event_name` field, else the `event.name` attribute (older SDKs). */
export function logRecordEventName(eventName: string, attributes: Attributes): string {
  if (eventName !== '') return eventName;
  const fromAttribute = attributes['event.name'];
  return typeof fromAttribute === 'string' ? fromAttribute : '';
}

/** True for the records Lumina keeps: gen_ai events tied to a span (anything else cannot be joined to a call). */
export function isJoinableGenAiEvent(name: string, traceId: string, spanId: string): boolean {
  return name.startsWith('gen_ai.') && /^[0-9a-f]{32}$/.test(traceId) && /^[0-9a-f]{16}$/.test(spanId) && !/^0+$/.test(traceId) && !/^0+$/.test(spanId);
}

/** JSON with object keys sorted, so equal payloads hash equally whatever the key order they arrived in. */
function canonicalJson(value: AttributeValue | undefined): string {
  if (value === undefined || value === null) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * The event's identity: span, name, time, attributes, body, and `copy` (0 for the first record
 * of the span with exactly this content in its export, 1 for the next, …), so that a
 * conversation repeating a message keeps both while a resent export is recognized.
 */
export function eventKey(event: Omit<GenAiLogEvent, 'key' | 'position'>, copy: number): string {
  return createHash('sha256')
    .update(`${event.traceId}\0${event.spanId}\0${event.name}\0${event.timeUnixNano}\0${copy}\0`)
    .update(canonicalJson(event.attributes))
    .update('\0')
    .update(canonicalJson(event.body))
    .digest('base64url');
}

/** Gives each event of one export its position and key (events in export order). */
export function keyEvents(events: Omit<GenAiLogEvent, 'key' | 'position'>[]): GenAiLogEvent[] {
  const positions = new Map<string, number>();
  const copies = new Map<string, number>();
  return events.map((event) => {
    const span = `${event.traceId}/${event.spanId}`;
    const position = positions.get(span) ?? 0;
    positions.set(span, position + 1);
    const identity = eventKey(event, 0);
    const copy = copies.get(identity) ?? 0;
    copies.set(identity, copy + 1);
    return { ...event, position, key: copy === 0 ? identity : eventKey(event, copy) };
  });
}

/** Events in the one order the join uses, whatever order they arrived in: time, then place in their export, then key. */
export function orderedEvents<E extends Pick<GenAiLogEvent, 'timeUnixNano' | 'position' | 'key'>>(events: Iterable<E>): E[] {
  return [...events].sort((a, b) => {
    const at = BigInt(a.timeUnixNano);
    const bt = BigInt(b.timeUnixNano);
    if (at !== bt) return at < bt ? -1 : 1;
    if (a.position !== b.position) return a.position - b.position;
    return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
  });
}

/**
 * The content of a call read from its gen_ai events (log records or span events): prompt,
 * system prompt, response, finish reason and tool calls, with the same readers and precedence
 * as span attributes (field-sources.ts). Pure: the join (processors) decides what to store.
 */
import type { AttributeValue, Attributes, SpanEvent } from '../span.js';
import { attributeBag } from './attribute-bag.js';
import { LLM_FIELD_SOURCES as FIELDS } from './field-sources.js';
import { canonicalFinishReason } from './finish-reason.js';
import { readField } from './read-sources.js';
import { asText, isRecord, parseJsonLoose } from './values.js';

/** An event as the join sees it: a name, a time, and its payload (attributes and body). */
export interface ContentEvent {
  name: string;
  timeUnixNano: string;
  attributes: Attributes;
  body: AttributeValue;
}

/** One tool call the model asked for. */
export interface EventToolCall {
  id: string | null;
  name: string | null;
  /** as sent: usually a JSON string */
  arguments: AttributeValue;
}

/** The content fields a call's events can fill. */
export interface EventContent {
  prompt: string | null;
  systemPrompt: string | null;
  response: string | null;
  finishReason: string | null;
  toolCalls: EventToolCall[] | null;
}

export const EVENT_CONTENT_FIELDS = ['prompt', 'systemPrompt', 'response', 'finishReason', 'toolCalls'] as const;
export type EventContentField = (typeof EVENT_CONTENT_FIELDS)[number];

const OPERATION_DETAILS = 'gen_ai.client.inference.operation.details';
const CHOICE = 'gen_ai.choice';

/** A log record's body and attributes as the attributes of a span event (the body's fields win). */
function asSpanEvent(event: ContentEvent): SpanEvent {
  // Span events of some SDKs carry the body as the JSON string `gen_ai.event.content`.
  const body = parseJsonLoose(event.body ?? event.attributes['gen_ai.event.content'] ?? undefined);
  const attributes = isRecord(body) ? { ...event.attributes, ...body } : body === undefined || body === null ? event.attributes : { ...event.attributes, content: body };
  return { name: event.name, timeUnixNano: BigInt(event.timeUnixNano), attributes };
}

/** The operation-details events' attributes (and kvlist bodies) as one attribute set, earlier events first. */
function operationDetails(events: readonly ContentEvent[]): Attributes {
  const merged: Attributes = {};
  for (const event of events) {
    if (event.name !== OPERATION_DETAILS) continue;
    const body = parseJsonLoose(event.body ?? undefined);
    for (const source of [event.attributes, isRecord(body) ? body : {}]) {
      for (const [key, value] of Object.entries(source)) if (!(key in merged)) merged[key] = value;
    }
  }
  return merged;
}

function toolCall(value: AttributeValue): EventToolCall | null {
  if (!isRecord(value)) return null;
  const fn = isRecord(value.function) ? value.function : null;
  return {
    id: asText(value.id),
    name: asText(fn?.name ?? value.name),
    arguments: fn?.arguments ?? value.arguments ?? null,
  };
}

/** Tool calls of the output: `gen_ai.choice` message.tool_calls, or tool_call parts of `gen_ai.output.messages`. */
function outputToolCalls(spanEvents: readonly SpanEvent[], details: Attributes): EventToolCall[] | null {
  const calls: EventToolCall[] = [];
  for (const event of spanEvents) {
    if (event.name !== CHOICE) continue;
    const message = parseJsonLoose(event.attributes.message);
    const list = isRecord(message) ? parseJsonLoose(message.tool_calls) : undefined;
    if (Array.isArray(list)) for (const item of list) calls.push(...[toolCall(item)].filter((call): call is EventToolCall => call !== null));
  }
  const output = parseJsonLoose(details['gen_ai.output.messages']);
  if (calls.length === 0 && Array.isArray(output)) {
    for (const message of output) {
      const parts = isRecord(message) ? parseJsonLoose(message.parts) : undefined;
      if (!Array.isArray(parts)) continue;
      for (const part of parts) if (isRecord(part) && part.type === 'tool_call') calls.push(toolCall(part)!);
    }
  }
  return calls.length === 0 ? null : calls;
}

/** The first `gen_ai.choice`'s finish_reason. */
function choiceFinishReason(spanEvents: readonly SpanEvent[]): string | null {
  for (const event of spanEvents) {
    if (event.name !== CHOICE) continue;
    const reason = asText(event.attributes.finish_reason);
    if (reason !== null) return canonicalFinishReason(reason);
  }
  return null;
}

/**
 * The content of a call from its events, in the order given (callers sort: see orderedEvents).
 * Message events and choices are read like span events; operation-details events like span
 * attributes (`gen_ai.input.messages`, `gen_ai.output.messages`, `gen_ai.system_instructions`,
 * `gen_ai.response.finish_reasons`).
 */
export function contentFromEvents(events: readonly ContentEvent[]): EventContent {
  const spanEvents = events.filter((event) => event.name !== OPERATION_DETAILS).map(asSpanEvent);
  const details = operationDetails(events);
  const bag = attributeBag(details, spanEvents);
  return {
    prompt: readField(bag, FIELDS.prompt),
    systemPrompt: readField(bag, FIELDS.systemPrompt),
    response: readField(bag, FIELDS.response),
    finishReason: readField(bag, FIELDS.finishReason) ?? choiceFinishReason(spanEvents),
    toolCalls: outputToolCalls(spanEvents, details),
  };
}

/** The content a span's own gen_ai events carry (message, choice and operation-details events); null when it has none. */
export function spanEventContent(events: readonly SpanEvent[]): EventContent | null {
  const genAi = events.filter((event) => event.name.startsWith('gen_ai.'));
  if (genAi.length === 0) return null;
  return contentFromEvents(genAi.map((event) => ({ name: event.name, timeUnixNano: event.timeUnixNano.toString(), attributes: event.attributes, body: null })));
}

/**
 * The stored content after joining events: a field the span filled itself is kept; a field it
 * left empty, or that events filled before (`filledByEvents`), takes the events' value. The
 * events' value is computed from every event joined so far, so the result does not depend on
 * the order or the number of times they arrived.
 */
export function mergeEventContent(
  stored: EventContent,
  filledByEvents: readonly EventContentField[],
  fromEvents: EventContent,
): { content: EventContent; filledByEvents: EventContentField[] } {
  const content = { ...stored };
  const filled = new Set(filledByEvents);
  for (const field of EVENT_CONTENT_FIELDS) {
    const own = stored[field] !== null && !filled.has(field);
    if (own || fromEvents[field] === null) continue;
    (content as Record<EventContentField, unknown>)[field] = fromEvents[field];
    filled.add(field);
  }
  return { content, filledByEvents: EVENT_CONTENT_FIELDS.filter((field) => filled.has(field)) };
}

/**
 * The attributes and events of one span as the readers see them, with a
 * per-span memo so a JSON attribute or a message list read by several fields
 * (prompt and system prompt, response and finish reason) is parsed once.
 */
import type { AttributeValue, Attributes, SpanEvent } from '../span.js';
import type { Message } from './message-content.js';
import { parseJsonLoose } from './values.js';

/** One attribute set (span or resource) plus its events, with per-span memo tables. */
export interface AttributeBag {
  readonly attributes: Attributes;
  readonly events: readonly SpanEvent[];
  /** attribute key → parsed value (per span, never shared between spans) */
  readonly parsed: Map<string, AttributeValue | undefined>;
  /** message list name → messages, null when the list is absent */
  readonly messageLists: Map<string, readonly Message[] | null>;
}

/** Wraps one span's attributes (or its resource's) for reading. */
export function attributeBag(attributes: Attributes, events: readonly SpanEvent[] = []): AttributeBag {
  return { attributes, events, parsed: new Map(), messageLists: new Map() };
}

/** The attribute's value, JSON-parsed when it is a JSON string (see parseJsonLoose). */
export function parsedAttribute(bag: AttributeBag, key: string): AttributeValue | undefined {
  if (bag.parsed.has(key)) return bag.parsed.get(key);
  const value = parseJsonLoose(bag.attributes[key]);
  bag.parsed.set(key, value);
  return value;
}

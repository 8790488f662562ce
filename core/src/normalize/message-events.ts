/**
 * Messages carried by span events rather than attributes:
 * - v1.26: `gen_ai.content.prompt` / `gen_ai.content.completion` events holding
 *   `gen_ai.prompt` / `gen_ai.completion` (JSON chat arrays or plain text);
 * - v1.28–1.36: one event per message (`gen_ai.system.message`,
 *   `gen_ai.user.message`, `gen_ai.assistant.message`, `gen_ai.tool.message`)
 *   and one per output choice (`gen_ai.choice`). Their log-record body arrives
 *   as event attributes (`content`, `role`, `message`) or as the JSON string
 *   `gen_ai.event.content`.
 * The same events sent as OTLP log records are not part of a FlatSpan.
 */
import type { Attributes, SpanEvent } from '../span.js';
import { type Message, chatMessages, contentText } from './message-content.js';
import { type AttributeRecord, asText, isRecord, parseJsonLoose } from './values.js';

/** The role of each v1.28–1.36 input message event. */
const INPUT_MESSAGE_EVENT_ROLES: ReadonlyMap<string, string> = new Map([
  ['gen_ai.system.message', 'system'],
  ['gen_ai.user.message', 'user'],
  ['gen_ai.assistant.message', 'assistant'],
  ['gen_ai.tool.message', 'tool'],
]);

const CHOICE_EVENT = 'gen_ai.choice';

/** The event's body: the JSON in `gen_ai.event.content` when present, else its own attributes. */
function eventBody(event: SpanEvent): Attributes | AttributeRecord {
  const body = parseJsonLoose(event.attributes['gen_ai.event.content']);
  return isRecord(body) ? body : event.attributes;
}

/** Input messages from v1.28–1.36 message events, in event order; null when there are none. */
export function inputMessageEvents(events: readonly SpanEvent[]): Message[] | null {
  let messages: Message[] | null = null;
  for (const event of events) {
    const role = INPUT_MESSAGE_EVENT_ROLES.get(event.name);
    if (role === undefined) continue;
    const body = eventBody(event);
    (messages ??= []).push({ role: asText(body.role) ?? role, content: contentText(body.content) });
  }
  return messages;
}

/** Output messages from `gen_ai.choice` events (`message.content`, or `content`); null when there are none. */
export function choiceEvents(events: readonly SpanEvent[]): Message[] | null {
  let messages: Message[] | null = null;
  for (const event of events) {
    if (event.name !== CHOICE_EVENT) continue;
    const body = eventBody(event);
    const message = parseJsonLoose(body.message);
    const role = (isRecord(message) ? asText(message.role) : null) ?? 'assistant';
    const content = isRecord(message) ? message.content : (message ?? body.content);
    (messages ??= []).push({ role, content: contentText(content) });
  }
  return messages;
}

/** Messages from the first event named `eventName`, read from its attribute `key` (v1.26). */
export function contentEventMessages(
  events: readonly SpanEvent[],
  eventName: string,
  key: string,
  defaultRole: string,
): Message[] | null {
  const event = events.find((candidate) => candidate.name === eventName);
  return event === undefined ? null : chatMessages(parseJsonLoose(event.attributes[key]), defaultRole);
}

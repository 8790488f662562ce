/**
 * Every message-bearing source, by the name the field table uses, and the
 * renderings of a message list into the canonical prompt, response and
 * system prompt.
 */
import type { AttributeBag } from './attribute-bag.js';
import { parsedAttribute } from './attribute-bag.js';
import { LEGACY_LAYOUT, OPENINFERENCE_LAYOUT, indexedMessages } from './indexed-messages.js';
import { type Message, chatMessages, systemInstructions, vercelPrompt } from './message-content.js';
import { choiceEvents, contentEventMessages, inputMessageEvents } from './message-events.js';

type MessageListReader = (bag: AttributeBag) => Message[] | null;

/** How each message list is read; a reader answers null when its source is absent. */
const MESSAGE_LISTS = {
  'gen_ai.input.messages': (bag) => chatMessages(parsedAttribute(bag, 'gen_ai.input.messages'), 'user'),
  'gen_ai.output.messages': (bag) => chatMessages(parsedAttribute(bag, 'gen_ai.output.messages'), 'assistant'),
  'gen_ai.system_instructions': (bag) => systemInstructions(parsedAttribute(bag, 'gen_ai.system_instructions')),
  'gen_ai.prompt.[i]': (bag) => indexedMessages(bag.attributes, 'gen_ai.prompt.', LEGACY_LAYOUT, 'user'),
  'gen_ai.completion.[i]': (bag) => indexedMessages(bag.attributes, 'gen_ai.completion.', LEGACY_LAYOUT, 'assistant'),
  'llm.input_messages.[i]': (bag) => indexedMessages(bag.attributes, 'llm.input_messages.', OPENINFERENCE_LAYOUT, 'user'),
  'llm.output_messages.[i]': (bag) =>
    indexedMessages(bag.attributes, 'llm.output_messages.', OPENINFERENCE_LAYOUT, 'assistant'),
  'message events': (bag) => inputMessageEvents(bag.events),
  'gen_ai.choice events': (bag) => choiceEvents(bag.events),
  'gen_ai.content.prompt': (bag) => contentEventMessages(bag.events, 'gen_ai.content.prompt', 'gen_ai.prompt', 'user'),
  'gen_ai.content.completion': (bag) =>
    contentEventMessages(bag.events, 'gen_ai.content.completion', 'gen_ai.completion', 'assistant'),
  'ai.prompt.messages': (bag) => chatMessages(parsedAttribute(bag, 'ai.prompt.messages'), 'user'),
  'ai.prompt': (bag) => vercelPrompt(parsedAttribute(bag, 'ai.prompt')),
} as const satisfies Record<string, MessageListReader>;

/** The name of a message-bearing source, as used in the field table. */
export type MessageListName = keyof typeof MESSAGE_LISTS;

/** The messages of one source (memoized per span); null when the source is absent. */
export function readMessageList(bag: AttributeBag, name: MessageListName): readonly Message[] | null {
  const cached = bag.messageLists.get(name);
  if (cached !== undefined) return cached;
  const messages = MESSAGE_LISTS[name](bag);
  bag.messageLists.set(name, messages);
  return messages;
}

/** Roles whose messages are instructions rather than turns (`developer` is OpenAI's newer name). */
const SYSTEM_ROLES = new Set(['system', 'developer']);

function isSystem(message: Message): boolean {
  return SYSTEM_ROLES.has(message.role.toLowerCase());
}

/**
 * The canonical prompt. System messages are left out (they are `system_prompt`).
 * One user message renders as its text, verbatim, so text search and replay see
 * exactly what was sent. A conversation renders as a JSON array of
 * `{role, content}` (stable key order, content as text), which replay can
 * parse back. Null when there is no turn, so the next source can answer.
 */
export function renderPrompt(messages: readonly Message[]): string | null {
  const turns = messages.filter((message) => !isSystem(message));
  const only = turns[0];
  if (only === undefined) return null;
  if (turns.length === 1 && only.role === 'user') return only.content === '' ? null : only.content;
  return JSON.stringify(turns.map(({ role, content }) => ({ role, content })));
}

function joinTexts(messages: readonly Message[]): string | null {
  const texts = messages.map((message) => message.content).filter((text) => text !== '');
  return texts.length === 0 ? null : texts.join('\n');
}

/** The canonical response: the text of every output message, joined by newlines. */
export function renderResponse(messages: readonly Message[]): string | null {
  return joinTexts(messages);
}

/** The canonical system prompt: the text of the system messages, joined by newlines. */
export function renderSystemPrompt(messages: readonly Message[]): string | null {
  return joinTexts(messages.filter(isSystem));
}

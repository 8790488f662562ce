/**
 * Lists flattened into zero-based indexed keys, as OTLP attributes cannot nest:
 * `gen_ai.prompt.0.role`, `gen_ai.prompt.0.content`, `gen_ai.prompt.1.role`, …
 * (OpenLLMetry legacy) and `llm.input_messages.0.message.role`, … (OpenInference).
 */
import type { Attributes } from '../span.js';
import type { Message } from './message-content.js';
import { contentText } from './message-content.js';
import { asText } from './values.js';

/** Where the role and the text sit inside one indexed item. */
export interface IndexedMessageLayout {
  role: string;
  content: string;
  /** a nested indexed list of content items, read when `content` is absent */
  contents?: { prefix: string; type: string; text: string };
}

/** OpenLLMetry legacy: `gen_ai.prompt.[i].{role,content}`. */
export const LEGACY_LAYOUT: IndexedMessageLayout = { role: 'role', content: 'content' };

/** OpenInference: `llm.input_messages.[i].message.{role,content}` and `.message.contents.[j].message_content.{type,text}`. */
export const OPENINFERENCE_LAYOUT: IndexedMessageLayout = {
  role: 'message.role',
  content: 'message.content',
  contents: { prefix: 'message.contents.', type: 'message_content.type', text: 'message_content.text' },
};

/** Longest index we accept: keeps a malformed key from becoming a huge sparse list. */
const MAX_INDEX_DIGITS = 6;

/** The index between `start` and `end` of `key` when it is all digits, else null. */
function indexAt(key: string, start: number, end: number): number | null {
  if (end === start || end - start > MAX_INDEX_DIGITS) return null;
  let index = 0;
  for (let i = start; i < end; i++) {
    const digit = key.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return null;
    index = index * 10 + digit;
  }
  return index;
}

/**
 * Rebuilds a list from indexed keys: each item maps the rest of the key (after
 * `prefix<i>.`) to its value. Items come back in index order; gaps are skipped.
 */
export function indexedItems(attributes: Attributes, prefix: string): Attributes[] {
  const byIndex = new Map<number, Attributes>();
  for (const key in attributes) {
    if (!key.startsWith(prefix)) continue;
    const dot = key.indexOf('.', prefix.length);
    const index = dot < 0 ? null : indexAt(key, prefix.length, dot);
    if (index === null) continue;
    let item = byIndex.get(index);
    if (item === undefined) byIndex.set(index, (item = {}));
    item[key.slice(dot + 1)] = attributes[key] ?? null;
  }
  return [...byIndex.entries()].sort((a, b) => a[0] - b[0]).map(([, item]) => item);
}

function contentsText(item: Attributes, contents: NonNullable<IndexedMessageLayout['contents']>): string {
  const texts: string[] = [];
  for (const part of indexedItems(item, contents.prefix)) {
    const type = part[contents.type];
    const text = asText(type) === null || type === 'text' ? part[contents.text] : undefined;
    if (typeof text === 'string' && text !== '') texts.push(text);
  }
  return texts.join('\n');
}

/** Messages from an indexed list; null when no key has the prefix. */
export function indexedMessages(
  attributes: Attributes,
  prefix: string,
  layout: IndexedMessageLayout,
  defaultRole: string,
): Message[] | null {
  const items = indexedItems(attributes, prefix);
  if (items.length === 0) return null;
  const messages: Message[] = [];
  for (const item of items) {
    const role = asText(item[layout.role]);
    const raw = item[layout.content];
    const content =
      raw !== undefined ? contentText(raw) : layout.contents ? contentsText(item, layout.contents) : '';
    // Items with neither role nor text (only a finish_reason or tool calls) are not turns.
    if (role === null && content === '') continue;
    messages.push({ role: role ?? defaultRole, content });
  }
  return messages;
}

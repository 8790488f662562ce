/**
 * The uniform message shape, and the text of message content in the formats
 * the families use: plain strings, semconv parts (`{type:"text", content}`),
 * OpenAI / Vercel / Anthropic parts (`{type:"text", text}`), tool results.
 */
import type { AttributeValue } from '../span.js';
import { type AttributeRecord, asText, isRecord, parseJsonLoose } from './values.js';

/** One message of a conversation, reduced to its role and its text. */
export interface Message {
  role: string;
  content: string;
}

/** Part types whose payload is a tool's answer: kept, since it is what the model read. */
const TOOL_RESULT_PART_TYPES = new Set(['tool_call_response', 'tool-result', 'tool_result', 'function_response']);
/** Part types carrying text, across families. Tool calls, media and reasoning are left out. */
const TEXT_PART_TYPES = new Set(['text', 'input_text', 'output_text']);

function stringify(value: AttributeValue | undefined): string | null {
  if (value === undefined || value === null) return null;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The text of one content part, or null for parts that carry no text. */
function partText(part: AttributeValue): string | null {
  if (typeof part === 'string') return part;
  if (!isRecord(part)) return null;
  const type = typeof part.type === 'string' ? part.type : 'text';
  if (TEXT_PART_TYPES.has(type)) return stringify(part.text ?? part.content);
  if (TOOL_RESULT_PART_TYPES.has(type)) {
    return stringify(part.response ?? part.result ?? part.output ?? part.content);
  }
  return null;
}

function partsText(parts: readonly AttributeValue[]): string {
  const texts: string[] = [];
  for (const part of parts) {
    const text = partText(part);
    if (text !== null && text !== '') texts.push(text);
  }
  return texts.join('\n');
}

/** True for an array that looks like content parts rather than, say, a list of numbers. */
function isPartList(value: AttributeValue | undefined): value is AttributeValue[] {
  return Array.isArray(value) && value.some((item) => isRecord(item) && typeof item.type === 'string');
}

/**
 * The text of a message's content: a string (a JSON string of parts is read as
 * parts; any other string is taken verbatim), an array of parts, or one part.
 */
export function contentText(value: AttributeValue | undefined): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') {
    const parsed = parseJsonLoose(value);
    return isPartList(parsed) ? partsText(parsed) : value;
  }
  if (Array.isArray(value)) return partsText(value);
  if (isRecord(value)) return partText(value) ?? JSON.stringify(value);
  return String(value);
}

/** One message object of any family: semconv `{role, parts}` or chat-style `{role, content}`. */
function toMessage(item: AttributeRecord, defaultRole: string): Message {
  const role = asText(item.role) ?? defaultRole;
  const content = item.parts !== undefined ? contentText(item.parts) : contentText(item.content ?? item.text);
  return { role, content };
}

/**
 * Messages from a (parsed) JSON value: an array of message objects or strings,
 * one message object, or a plain string (one message with the default role).
 * Null when the value is absent.
 */
export function chatMessages(value: AttributeValue | undefined, defaultRole: string): Message[] | null {
  if (value === undefined || value === null) return null;
  const items = Array.isArray(value) ? value : [value];
  const messages: Message[] = [];
  for (const item of items) {
    if (isRecord(item)) messages.push(toMessage(item, defaultRole));
    else if (item !== null) messages.push({ role: defaultRole, content: contentText(item) });
  }
  return messages;
}

/** `gen_ai.system_instructions`: parts, or a plain string, as one system message. */
export function systemInstructions(value: AttributeValue | undefined): Message[] | null {
  if (value === undefined || value === null) return null;
  return [{ role: 'system', content: contentText(value) }];
}

/** Vercel `ai.prompt`: `{system?, prompt?, messages?}`; a non-JSON string is the user prompt. */
export function vercelPrompt(value: AttributeValue | undefined): Message[] | null {
  if (value === undefined || value === null) return null;
  if (!isRecord(value)) return chatMessages(value, 'user');
  const messages: Message[] = [];
  if (value.system !== undefined && value.system !== null) {
    messages.push({ role: 'system', content: contentText(value.system) });
  }
  // `prompt` is a string, or (some versions) a message list like `messages`.
  messages.push(...(chatMessages(value.prompt, 'user') ?? []));
  messages.push(...(chatMessages(value.messages, 'user') ?? []));
  return messages;
}

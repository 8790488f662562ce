/**
 * An LLM call's prompt and response as a conversation. The processors store a single user
 * message as its text and a conversation as a JSON array of {role, content}
 * (core/src/normalize/messages.ts); the system prompt and the response have fields of their own.
 */
export interface ConversationMessage {
  role: string;
  content: string;
  /** the content is structured (a tool call or its result): shown as formatted JSON */
  structured: boolean;
}

interface CallContent {
  system_prompt: string | null;
  prompt: string | null;
  response: string | null;
}

function asStructured(content: string): { text: string; structured: boolean } {
  const trimmed = content.trim();
  if (!(trimmed.startsWith('{') || trimmed.startsWith('['))) return { text: content, structured: false };
  try {
    return { text: JSON.stringify(JSON.parse(trimmed), null, 2), structured: true };
  } catch {
    return { text: content, structured: false };
  }
}

function message(role: string, content: unknown): ConversationMessage {
  const text = typeof content === 'string' ? content : JSON.stringify(content);
  const { text: shown, structured } = asStructured(text);
  return { role, content: shown, structured };
}

function promptTurns(prompt: string): ConversationMessage[] {
  const trimmed = prompt.trim();
  if (trimmed.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (Array.isArray(parsed) && parsed.every((item) => item !== null && typeof item === 'object' && 'role' in item)) {
        return parsed.map((item: { role: unknown; content?: unknown }) => message(String(item.role), item.content ?? ''));
      }
    } catch {
      // plain text that starts with a bracket
    }
  }
  return [{ role: 'user', content: prompt, structured: false }];
}

/** The messages of one call, in order: system, the prompt's turns, the response. */
export function conversationOf(call: CallContent): ConversationMessage[] {
  const messages: ConversationMessage[] = [];
  if (call.system_prompt) messages.push({ role: 'system', content: call.system_prompt, structured: false });
  if (call.prompt) messages.push(...promptTurns(call.prompt));
  if (call.response) messages.push(message('assistant', call.response));
  return messages;
}

/** A tool call's arguments for reading: a JSON string or object formatted, anything else as it came. */
export function formatToolArguments(value: unknown): string {
  if (value === null || value === undefined || value === '') return '{}';
  if (typeof value === 'string') return asStructured(value).text;
  return JSON.stringify(value, null, 2);
}

/** A request's conversation written the way a stored call's prompt is (normalize/messages.ts `renderPrompt`). */
import type { ChatMessage, LlmRequest } from './request.js';

/**
 * The prompt of a request as the processors would have stored it: one user turn as its
 * text, verbatim; a conversation as a JSON array of `{role, content}` (tool calls left out,
 * as stored prompts leave them out). So a replay's prompt reads like the original's and the
 * two can be shown side by side. The system prompt is not part of it (`request.system`).
 */
export function renderRequestPrompt(request: Pick<LlmRequest, 'messages'>): string {
  const [only] = request.messages;
  if (request.messages.length === 1 && only?.role === 'user') return only.content;
  return JSON.stringify(request.messages.map(({ role, content }: ChatMessage) => ({ role, content })));
}

/** The text of the last user turn (the input being answered), or null when there is none. */
export function lastUserInput(request: Pick<LlmRequest, 'messages'>): string | null {
  for (let index = request.messages.length - 1; index >= 0; index -= 1) {
    const message = request.messages[index] as ChatMessage;
    if (message.role === 'user') return message.content;
  }
  return null;
}

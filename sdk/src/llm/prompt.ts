/** The prompt given to `traceLLM`, as `gen_ai.input.messages` and `gen_ai.system_instructions`. */
import { contentParts, parseJsonOrKeep, type MessagePart, type SemconvMessage } from './message-parts.js';

/**
 * A message as the providers' SDKs take it: `content` is a string or a list of content
 * parts (`{type: "text", text}`, `tool_use`, `tool_result`, …). OpenAI tool calls
 * (`tool_calls`) and tool answers (`role: "tool"`, `tool_call_id`) are understood too.
 */
export interface PromptMessage {
  role: string;
  content?: unknown;
  /** OpenAI chat: the tool calls of an assistant message */
  tool_calls?: readonly { id?: string; function?: { name?: string; arguments?: string } }[];
  /** OpenAI chat: the call a `tool` message answers */
  tool_call_id?: string;
}

/** A prompt: one user message as text, or a conversation. */
export type Prompt = string | readonly PromptMessage[];

function openAiToolCalls(message: PromptMessage): MessagePart[] {
  return (message.tool_calls ?? []).map((call) => ({
    type: 'tool_call',
    id: call.id,
    name: call.function?.name ?? '',
    arguments: call.function?.arguments === undefined ? undefined : parseJsonOrKeep(call.function.arguments),
  }));
}

function toSemconvMessage(message: PromptMessage): SemconvMessage {
  if (message.role === 'tool') {
    return { role: 'tool', parts: [{ type: 'tool_call_response', id: message.tool_call_id, response: message.content }] };
  }
  return { role: message.role, parts: [...contentParts(message.content), ...openAiToolCalls(message)] };
}

/** The prompt as semconv input messages (a string is one user message). */
export function inputMessages(prompt: Prompt): SemconvMessage[] {
  if (typeof prompt === 'string') return [{ role: 'user', parts: [{ type: 'text', content: prompt }] }];
  return prompt.map(toSemconvMessage);
}

/** Separate system instructions (Anthropic's `system`) as semconv parts. */
export function systemInstructionParts(system: unknown): MessagePart[] {
  return contentParts(system);
}

/**
 * The original request of a stored LLM call, rebuilt from its canonical fields
 * (prompt, system_prompt) and the parameters left in its attributes.
 *
 * What the stored prompt is (normalize/messages.ts `renderPrompt`): one user
 * message as its plain text, or a conversation as a JSON array of
 * `{role, content}`, system messages left out (they are `system_prompt`).
 * Content is text only: tool calls are not kept (an assistant turn that only
 * called a tool has empty content), tool results are kept as text without the
 * id of the call they answer. Such turns cannot be sent back as structured tool
 * turns (both APIs require each result to name a call in the turn before), so
 * they are flattened: a tool result becomes a user turn `Tool result:\n…`, and
 * a turn left empty is dropped. The request says so in its warnings.
 */
import type { Attributes } from '../span.js';
import { asText, isRecord, parseJsonLoose } from '../normalize/values.js';
import { ReplayError } from './errors.js';
import type { ChatMessage, LlmRequest } from './request.js';
import { readRequestParameters } from './request-parameters.js';

/** The stored columns a replay reads (a SpanRecord has them all). */
export interface StoredCall {
  provider: string | null;
  model: string | null;
  prompt: string | null;
  systemPrompt: string | null;
  attributes: Attributes;
}

/** What could not be rebuilt as it was sent. */
export type RebuildWarning =
  /** tool results were turned into user turns, and turns that only called a tool were dropped */
  | 'tool_turns_flattened'
  /** system messages found inside the stored conversation were moved to the system prompt */
  | 'system_turns_moved';

export interface RebuiltRequest {
  request: LlmRequest;
  warnings: RebuildWarning[];
}

type StoredRole = 'user' | 'assistant' | 'tool' | 'system';

/** Role names of every family, onto the four the rebuild knows; unknown roles read as `user`. */
const ROLES: ReadonlyMap<string, StoredRole> = new Map([
  ['user', 'user'],
  ['human', 'user'],
  ['assistant', 'assistant'],
  ['ai', 'assistant'],
  ['model', 'assistant'], // Gemini
  ['bot', 'assistant'],
  ['chatbot', 'assistant'], // Cohere
  ['tool', 'tool'],
  ['function', 'tool'],
  ['ipython', 'tool'], // Llama
  ['system', 'system'],
  ['developer', 'system'],
]);

/** The prefix of a tool result flattened into a user turn. */
export const FLATTENED_TOOL_RESULT_PREFIX = 'Tool result:\n';

interface StoredTurn {
  role: StoredRole;
  content: string;
}

/** The stored prompt as turns: a JSON array of `{role, content}`, or else one user turn holding the text. */
export function storedTurns(prompt: string): StoredTurn[] {
  const parsed = parseJsonLoose(prompt);
  const isConversation =
    Array.isArray(parsed) && parsed.length > 0 && parsed.every((item) => isRecord(item) && typeof item.role === 'string');
  if (!isConversation) return [{ role: 'user', content: prompt }];
  return parsed.map((item) => {
    const record = isRecord(item) ? item : {};
    const content = record.content;
    return {
      role: ROLES.get((asText(record.role) ?? 'user').toLowerCase()) ?? 'user',
      content: typeof content === 'string' ? content : content === undefined || content === null ? '' : JSON.stringify(content),
    };
  });
}

function conversationOf(turns: readonly StoredTurn[], warnings: Set<RebuildWarning>): { messages: ChatMessage[]; system: string[] } {
  const messages: ChatMessage[] = [];
  const system: string[] = [];
  for (const turn of turns) {
    if (turn.role === 'system') {
      warnings.add('system_turns_moved');
      if (turn.content !== '') system.push(turn.content);
    } else if (turn.role === 'tool') {
      warnings.add('tool_turns_flattened');
      messages.push({ role: 'user', content: `${FLATTENED_TOOL_RESULT_PREFIX}${turn.content}` });
    } else if (turn.content.trim() !== '') {
      messages.push({ role: turn.role, content: turn.content });
    } else if (turn.role === 'assistant') {
      warnings.add('tool_turns_flattened'); // an empty assistant turn is a tool call whose call was not kept
    }
  }
  return { messages, system };
}

/**
 * The request a stored call sent, provider-neutral: its conversation, system
 * prompt and whatever parameters the span recorded (temperature, max tokens,
 * top_p, stop, tools, tool choice, response format, …). Provider and model are
 * '' when the span had none (an override must then name them). Throws
 * `ReplayError('not_replayable')` when there is no prompt to send.
 */
export function rebuildRequest(call: StoredCall): RebuiltRequest {
  if (call.prompt === null || call.prompt.trim() === '') {
    throw new ReplayError('not_replayable', 'the stored call has no prompt to replay');
  }
  const warnings = new Set<RebuildWarning>();
  const { messages, system } = conversationOf(storedTurns(call.prompt), warnings);
  if (messages.length === 0) throw new ReplayError('not_replayable', 'the stored prompt has no turn to send');
  const systemParts = [...(call.systemPrompt ? [call.systemPrompt] : []), ...system];
  return {
    request: {
      provider: call.provider ?? '',
      model: call.model ?? '',
      system: systemParts.length === 0 ? null : systemParts.join('\n'),
      messages,
      ...readRequestParameters(call.attributes),
    },
    warnings: [...warnings],
  };
}

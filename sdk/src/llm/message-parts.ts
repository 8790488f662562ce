/**
 * Messages in the shape of the gen_ai semantic conventions (`gen_ai.input.messages`,
 * `gen_ai.output.messages`): `{role, parts: [...], finish_reason?}`, and the conversion of
 * provider content parts (OpenAI, Anthropic) into semconv parts.
 */

/** A text part. */
export interface TextPart {
  type: 'text';
  content: string;
}

/** A tool call the model asked for. `arguments` is parsed JSON when it parses. */
export interface ToolCallPart {
  type: 'tool_call';
  id?: string;
  name: string;
  arguments?: unknown;
}

/** A tool's answer sent back to the model. */
export interface ToolCallResponsePart {
  type: 'tool_call_response';
  id?: string;
  response: unknown;
}

/** Model reasoning ("thinking") text. */
export interface ReasoningPart {
  type: 'reasoning';
  content: string;
}

/** Any other part (images, files, …), kept with its provider fields. */
export interface GenericPart {
  type: string;
  [field: string]: unknown;
}

/** One part of a message. */
export type MessagePart = TextPart | ToolCallPart | ToolCallResponsePart | ReasoningPart | GenericPart;

/** A message as the semantic conventions write it. */
export interface SemconvMessage {
  role: string;
  parts: MessagePart[];
  /** output messages only: `stop`, `length`, `content_filter`, `tool_call`, `error` */
  finish_reason?: string;
}

/** JSON text as a value when it parses, else the text itself (tool arguments are often JSON). */
export function parseJsonOrKeep(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

type Converter = (part: Record<string, unknown>) => MessagePart;

const text = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value ?? ''));

/** Provider part types → semconv parts (OpenAI chat and responses, Anthropic). */
const PART_CONVERTERS: Record<string, Converter> = {
  text: (part) => ({ type: 'text', content: text(part.text ?? part.content) }),
  input_text: (part) => ({ type: 'text', content: text(part.text) }),
  output_text: (part) => ({ type: 'text', content: text(part.text) }),
  thinking: (part) => ({ type: 'reasoning', content: text(part.thinking) }),
  reasoning: (part) => ({ type: 'reasoning', content: text(part.content ?? part.text) }),
  tool_use: (part) => ({ type: 'tool_call', id: part.id as string, name: text(part.name), arguments: part.input }),
  tool_call: (part) => part as unknown as MessagePart,
  tool_result: (part) => ({ type: 'tool_call_response', id: part.tool_use_id as string, response: part.content }),
  tool_call_response: (part) => part as unknown as MessagePart,
};

/** One provider content part as a semconv part; unknown types are kept as they are. */
export function toSemconvPart(part: unknown): MessagePart {
  if (typeof part === 'string') return { type: 'text', content: part };
  if (typeof part !== 'object' || part === null) return { type: 'text', content: text(part) };
  const record = part as Record<string, unknown>;
  const type = typeof record.type === 'string' ? record.type : 'text';
  const convert = PART_CONVERTERS[type];
  return convert ? convert(record) : ({ ...record, type } as GenericPart);
}

/** Message content (a string, or a list of provider parts) as semconv parts. */
export function contentParts(content: unknown): MessagePart[] {
  if (content === undefined || content === null) return [];
  return Array.isArray(content) ? content.map(toSemconvPart) : [toSemconvPart(content)];
}

/**
 * A neutral request as the body of Anthropic `POST /v1/messages`
 * (non-streaming), API version 2026-10-21, which `@anthropic-ai/sdk` 1.x sends.
 * The types mirror the SDK's `MessageCreateParamsNonStreaming` for the fields
 * we send; test/llm-stand-in.test.ts assigns our body to the SDK's type.
 */
import { ReplayError } from './errors.js';
import type { ChatMessage, LlmRequest, ProviderRequest, ResponseFormat, ToolChoice, ToolDefinition } from './request.js';

export type AnthropicContentBlock =
  | { type: 'text'; text: string }
  | { type: 'tool_use'; id: string; name: string; input: unknown }
  | { type: 'tool_result'; tool_use_id: string; content: string };

export interface AnthropicMessage {
  role: 'user' | 'assistant';
  content: AnthropicContentBlock[];
}

export interface AnthropicTool {
  name: string;
  description?: string;
  input_schema: { type: 'object'; [key: string]: unknown };
}

export type AnthropicToolChoice = { type: 'auto' } | { type: 'any' } | { type: 'none' } | { type: 'tool'; name: string };

export interface AnthropicMessagesRequest {
  model: string;
  /** required by the API */
  max_tokens: number;
  messages: AnthropicMessage[];
  system?: string;
  stop_sequences?: string[];
  tools?: AnthropicTool[];
  tool_choice?: AnthropicToolChoice;
  output_config?: { format: { type: 'json_schema'; schema: { [key: string]: unknown } } };
}

/**
 * The output limit sent when the original call recorded none (Anthropic requires
 * one): 4,096 tokens, the largest value every Claude model accepts (the Claude 3
 * models' maximum), and more than nearly any chat answer needs.
 */
export const DEFAULT_ANTHROPIC_MAX_TOKENS = 4096;

/**
 * Parameters API version 2026-10-21 refuses with a 400 even at their default
 * values: sampling is no longer settable. Listed in `dropped` when present.
 */
const UNSUPPORTED_BY_ANTHROPIC = ['temperature', 'topP', 'topK', 'frequencyPenalty', 'presencePenalty', 'seed'] as const;

function toolInput(call: { arguments: string }, dropped: Set<string>): unknown {
  try {
    return JSON.parse(call.arguments);
  } catch {
    dropped.add('toolCalls.arguments (not JSON; sent as {})');
    return {};
  }
}

function blocksOf(message: ChatMessage, dropped: Set<string>): AnthropicContentBlock[] {
  const text: AnthropicContentBlock[] = message.content.trim() === '' ? [] : [{ type: 'text', text: message.content }];
  if (message.role === 'tool') return [{ type: 'tool_result', tool_use_id: message.toolCallId, content: message.content }];
  if (message.role === 'user') return text;
  const uses = (message.toolCalls ?? []).map(
    (call): AnthropicContentBlock => ({ type: 'tool_use', id: call.id, name: call.name, input: toolInput(call, dropped) }),
  );
  return [...text, ...uses];
}

/**
 * Anthropic turns: tool results go in user turns, and consecutive turns of one
 * role become one turn (all results for one assistant turn must be in the next
 * user turn). Empty turns, which the API refuses, are left out.
 */
function anthropicMessages(messages: readonly ChatMessage[], dropped: Set<string>): AnthropicMessage[] {
  const turns: AnthropicMessage[] = [];
  for (const message of messages) {
    const role = message.role === 'assistant' ? 'assistant' : 'user';
    const blocks = blocksOf(message, dropped);
    if (blocks.length === 0) continue;
    const previous = turns[turns.length - 1];
    if (previous?.role === role) previous.content.push(...blocks);
    else turns.push({ role, content: blocks });
  }
  return turns;
}

function anthropicTool(tool: ToolDefinition): AnthropicTool {
  const input_schema = { ...tool.parameters, type: 'object' as const };
  return tool.description === undefined ? { name: tool.name, input_schema } : { name: tool.name, description: tool.description, input_schema };
}

function anthropicToolChoice(choice: ToolChoice): AnthropicToolChoice {
  if (typeof choice !== 'string') return { type: 'tool', name: choice.name };
  return choice === 'required' ? { type: 'any' } : { type: choice };
}

function outputConfig(format: ResponseFormat, dropped: Set<string>): AnthropicMessagesRequest['output_config'] {
  if (format.type === 'json_schema') return { format: { type: 'json_schema', schema: format.schema } };
  if (format.type === 'json_object') dropped.add('responseFormat (json_object has no Anthropic equivalent)');
  return undefined;
}

/**
 * The Anthropic Messages body of a request: the system prompt in `system`,
 * assistant tool calls as `tool_use` blocks, tool results as `tool_result`
 * blocks in user turns, `max_tokens` always set (default
 * {@link DEFAULT_ANTHROPIC_MAX_TOKENS}), a JSON schema response format as
 * `output_config.format`. Dropped, and named in `dropped`: sampling parameters
 * (temperature, top_p, top_k: refused by API 2026-10-21), penalties, seed, a
 * `json_object` format. Throws `ReplayError('not_replayable')` when the request
 * names no model or has no non-empty turn.
 */
export function toAnthropicMessagesRequest(request: LlmRequest): ProviderRequest<AnthropicMessagesRequest> {
  if (request.model === '') throw new ReplayError('not_replayable', 'the request names no model');
  const dropped = new Set<string>(UNSUPPORTED_BY_ANTHROPIC.filter((name) => request[name] !== undefined));
  const messages = anthropicMessages(request.messages, dropped);
  if (messages.length === 0) throw new ReplayError('not_replayable', 'the request has no non-empty turn');
  const body: AnthropicMessagesRequest = { model: request.model, max_tokens: request.maxTokens ?? DEFAULT_ANTHROPIC_MAX_TOKENS, messages };
  if (request.system !== null && request.system.trim() !== '') body.system = request.system;
  if (request.stop !== undefined) body.stop_sequences = request.stop;
  if (request.tools !== undefined && request.tools.length > 0) body.tools = request.tools.map(anthropicTool);
  if (request.toolChoice !== undefined) body.tool_choice = anthropicToolChoice(request.toolChoice);
  const format = request.responseFormat === undefined ? undefined : outputConfig(request.responseFormat, dropped);
  if (format !== undefined) body.output_config = format;
  return { body, dropped: [...dropped] };
}

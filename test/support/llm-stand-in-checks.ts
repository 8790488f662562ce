/**
 * The request rules of the real APIs that the stand-in enforces, so a body our
 * mapping builds is refused here as the provider would refuse it (400 with the
 * provider's error shape). Not every rule: the ones replayed conversations can break.
 */
type Body = Record<string, unknown>;
type Check = string | null;

const isRecord = (value: unknown): value is Body => typeof value === 'object' && value !== null && !Array.isArray(value);
const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

function openAiToolTurns(messages: Body[]): Check {
  let waiting = new Set<string>();
  for (const [i, m] of messages.entries()) {
    if (m.role === 'tool') {
      if (typeof m.tool_call_id !== 'string' || !waiting.has(m.tool_call_id)) {
        return `messages.[${i}]: messages with role 'tool' must be a response to a preceding message with 'tool_calls'`;
      }
      waiting.delete(m.tool_call_id);
      continue;
    }
    if (waiting.size > 0) return `messages.[${i}]: an assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'`;
    waiting = new Set();
    if (m.role === 'assistant' && Array.isArray(m.tool_calls)) {
      for (const call of m.tool_calls) if (isRecord(call) && typeof call.id === 'string') waiting.add(call.id);
    }
    if (m.role === 'assistant' && m.content === null && !Array.isArray(m.tool_calls)) return `messages.[${i}]: content is required`;
  }
  return waiting.size > 0 ? 'the last assistant tool_calls have no tool messages' : null;
}

/** The first rule an OpenAI chat completions body breaks, or null. */
export function openAiRequestProblem(body: unknown): Check {
  if (!isRecord(body)) return 'the body must be a JSON object';
  if (typeof body.model !== 'string' || body.model === '') return 'model: a model is required';
  if (!Array.isArray(body.messages) || body.messages.length === 0) return 'messages: must be a non-empty array';
  const roles = new Set(['system', 'developer', 'user', 'assistant', 'tool', 'function']);
  const bad = body.messages.findIndex((m) => !isRecord(m) || !roles.has(String(m.role)));
  if (bad >= 0) return `messages.[${bad}].role: invalid role`;
  if (body.max_tokens !== undefined && body.max_completion_tokens !== undefined) return 'max_tokens and max_completion_tokens cannot both be set';
  if (Array.isArray(body.stop) && body.stop.length > 4) return 'stop: at most 4 sequences';
  if (typeof body.temperature === 'number' && (body.temperature < 0 || body.temperature > 2)) return 'temperature: must be in [0, 2]';
  if (typeof body.top_p === 'number' && (body.top_p < 0 || body.top_p > 1)) return 'top_p: must be in [0, 1]';
  const tools = Array.isArray(body.tools) ? body.tools : [];
  for (const tool of tools) {
    if (!isRecord(tool) || tool.type !== 'function' || !isRecord(tool.function) || !TOOL_NAME.test(String(tool.function.name))) return 'tools: invalid function tool';
  }
  if (isRecord(body.tool_choice) && isRecord(body.tool_choice.function)) {
    const name = body.tool_choice.function.name;
    if (!tools.some((tool) => isRecord(tool) && isRecord(tool.function) && tool.function.name === name)) return 'tool_choice: names a tool not in tools';
  }
  if (isRecord(body.response_format) && body.response_format.type === 'json_schema') {
    const spec = body.response_format.json_schema;
    if (!isRecord(spec) || !TOOL_NAME.test(String(spec.name))) return 'response_format.json_schema.name: invalid';
  }
  return openAiToolTurns(body.messages as Body[]);
}

/** Top-level fields of the Messages API (version 2026-10-21); anything else is an "extra input". */
const ANTHROPIC_FIELDS = new Set([
  'model', 'max_tokens', 'messages', 'system', 'stop_sequences', 'stream', 'tools', 'tool_choice', 'output_config',
  'metadata', 'thinking', 'service_tier', 'cache_control', 'container', 'diagnostics', 'inference_geo', 'speed',
  'user_profile_id', 'workspace_id',
]);

function anthropicBlocks(message: Body, i: number): Body[] | string {
  if (typeof message.content === 'string') return message.content === '' ? `messages.${i}: all messages must have non-empty content` : [];
  if (!Array.isArray(message.content) || message.content.length === 0) return `messages.${i}: all messages must have non-empty content`;
  for (const block of message.content) {
    if (!isRecord(block)) return `messages.${i}.content: blocks must be objects`;
    if (block.type === 'text' && (typeof block.text !== 'string' || block.text === '')) return `messages.${i}: text content blocks must be non-empty`;
  }
  return message.content as Body[];
}

function anthropicToolTurns(messages: Body[]): Check {
  let pending: string[] = [];
  for (const [i, message] of messages.entries()) {
    if (message.role !== 'user' && message.role !== 'assistant') return `messages.${i}.role: must be user or assistant`;
    const blocks = anthropicBlocks(message, i);
    if (typeof blocks === 'string') return blocks;
    const results = blocks.filter((b) => b.type === 'tool_result').map((b) => String(b.tool_use_id));
    if (results.some((id) => !pending.includes(id))) return `messages.${i}: unexpected tool_use_id found in tool_result blocks`;
    if (pending.some((id) => !results.includes(id))) return `messages.${i}: tool_use ids were found without tool_result blocks immediately after`;
    const firstOther = blocks.findIndex((b) => b.type !== 'tool_result');
    if (firstOther >= 0 && blocks.slice(firstOther).some((b) => b.type === 'tool_result')) return `messages.${i}: tool_result blocks must come first`;
    pending = message.role === 'assistant' ? blocks.filter((b) => b.type === 'tool_use').map((b) => String(b.id)) : [];
  }
  return null;
}

/** The first rule an Anthropic Messages body breaks (API version 2026-10-21), or null. */
export function anthropicRequestProblem(body: unknown): Check {
  if (!isRecord(body)) return 'the body must be a JSON object';
  const extra = Object.keys(body).find((key) => !ANTHROPIC_FIELDS.has(key));
  if (extra !== undefined) return `${extra}: Extra inputs are not permitted`;
  if (typeof body.model !== 'string' || body.model === '') return 'model: Field required';
  if (!Number.isInteger(body.max_tokens) || (body.max_tokens as number) < 1) return 'max_tokens: Field required';
  if (!Array.isArray(body.messages) || body.messages.length === 0) return 'messages: Field required';
  const tools = Array.isArray(body.tools) ? body.tools : [];
  for (const tool of tools) {
    if (!isRecord(tool) || !TOOL_NAME.test(String(tool.name)) || !isRecord(tool.input_schema) || tool.input_schema.type !== 'object') return 'tools: invalid tool';
  }
  if (isRecord(body.tool_choice)) {
    if (!['auto', 'any', 'tool', 'none'].includes(String(body.tool_choice.type))) return 'tool_choice.type: invalid';
    if (body.tool_choice.type === 'tool' && !tools.some((tool) => isRecord(tool) && tool.name === (body.tool_choice as Body).name)) return 'tool_choice: names a tool not in tools';
  }
  if (body.system !== undefined && typeof body.system !== 'string' && !Array.isArray(body.system)) return 'system: must be a string or text blocks';
  return anthropicToolTurns(body.messages.filter(isRecord));
}

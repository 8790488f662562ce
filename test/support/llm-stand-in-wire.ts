/** The response and error bodies of the two APIs, as the stand-in sends them. */

/** A reply the stand-in gives, in provider-neutral terms. */
export interface StandInReply {
  /** the answer; default: "echo: " + the last user text */
  text?: string;
  /** default: stop (OpenAI) / end_turn (Anthropic); tool_calls / tool_use when toolCalls are given */
  finishReason?: string;
  /** default: the requested model */
  model?: string;
  toolCalls?: { id: string; name: string; arguments: Record<string, unknown> }[];
  /** default: prompt ≈ request characters / 4, completion ≈ text characters / 4, nothing cached */
  usage?: { promptTokens?: number; completionTokens?: number; cachedPromptTokens?: number };
}

export interface ResolvedReply {
  text: string;
  model: string;
  finishReason: string | undefined;
  toolCalls: NonNullable<StandInReply['toolCalls']>;
  promptTokens: number;
  completionTokens: number;
  cachedPromptTokens: number;
}

let sequence = 0;
const nextId = (prefix: string) => `${prefix}${(++sequence).toString(36).padStart(8, '0')}`;

export function openAiChatCompletion(reply: ResolvedReply): unknown {
  const toolCalls = reply.toolCalls.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: JSON.stringify(call.arguments) } }));
  return {
    id: nextId('chatcmpl-'),
    object: 'chat.completion',
    created: 1_767_225_600,
    model: reply.model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: reply.text === '' && toolCalls.length > 0 ? null : reply.text, refusal: null, ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}) },
        finish_reason: reply.finishReason ?? (toolCalls.length > 0 ? 'tool_calls' : 'stop'),
        logprobs: null,
      },
    ],
    usage: {
      prompt_tokens: reply.promptTokens,
      completion_tokens: reply.completionTokens,
      total_tokens: reply.promptTokens + reply.completionTokens,
      prompt_tokens_details: { cached_tokens: reply.cachedPromptTokens },
    },
  };
}

export function anthropicMessage(reply: ResolvedReply): unknown {
  const content: unknown[] = reply.text === '' ? [] : [{ type: 'text', text: reply.text }];
  for (const call of reply.toolCalls) content.push({ type: 'tool_use', id: call.id, name: call.name, input: call.arguments });
  return {
    id: nextId('msg_'),
    type: 'message',
    role: 'assistant',
    model: reply.model,
    content,
    stop_reason: reply.finishReason ?? (reply.toolCalls.length > 0 ? 'tool_use' : 'end_turn'),
    stop_sequence: null,
    // Anthropic's input_tokens excludes cache reads.
    usage: {
      input_tokens: reply.promptTokens - reply.cachedPromptTokens,
      output_tokens: reply.completionTokens,
      cache_read_input_tokens: reply.cachedPromptTokens,
      cache_creation_input_tokens: 0,
    },
  };
}

const OPENAI_ERROR_TYPES: Record<number, [string, string]> = {
  400: ['invalid_request_error', 'invalid_request'],
  401: ['invalid_request_error', 'invalid_api_key'],
  404: ['invalid_request_error', 'not_found'],
  429: ['requests', 'rate_limit_exceeded'],
  500: ['server_error', 'server_error'],
  503: ['server_error', 'overloaded'],
};
const ANTHROPIC_ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  404: 'not_found_error',
  429: 'rate_limit_error',
  500: 'api_error',
  529: 'overloaded_error',
};

export function openAiError(status: number, message: string): unknown {
  const [type, code] = OPENAI_ERROR_TYPES[status] ?? ['server_error', 'error'];
  return { error: { message, type, param: null, code } };
}

export function anthropicError(status: number, message: string): unknown {
  return { type: 'error', error: { type: ANTHROPIC_ERROR_TYPES[status] ?? 'api_error', message }, request_id: nextId('req_') };
}

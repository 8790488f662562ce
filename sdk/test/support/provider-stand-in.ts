/**
 * A local stand-in for the Anthropic (`POST /v1/messages`) and OpenAI (`POST
 * /v1/chat/completions`, `POST /v1/responses`) APIs, speaking their JSON and SSE formats, for
 * the official clients pointed at it through `baseURL`. The only stand-in the tests use.
 *
 * The request's model picks the behaviour: `fail-request` answers 400 with the provider's
 * error body; `fail-midstream` starts a stream, then sends the provider's error event.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The usage every answer reports, per provider, so tests know what to expect. */
export const STAND_IN_USAGE = {
  anthropic: { input_tokens: 100, cache_read_input_tokens: 20, cache_creation_input_tokens: 5, output_tokens: 12 },
  openai: { prompt_tokens: 150, cached_tokens: 30, completion_tokens: 9 },
} as const;

/** The answer text for a prompt. */
export function standInReply(prompt: string): string {
  return `You asked: ${prompt}. Here is a short answer.`;
}

/** Dated snapshots the providers answer with for a model alias. */
const SNAPSHOTS: Record<string, string> = {
  'gpt-4o': 'gpt-4o-2024-08-06',
  'gpt-4o-mini': 'gpt-4o-mini-2024-07-18',
  'gpt-4.1': 'gpt-4.1-2025-04-14',
  'claude-sonnet-4-5': 'claude-sonnet-4-5-20250929',
  'claude-haiku-4-5': 'claude-haiku-4-5-20251001',
};

/** The model name the stand-in reports for a requested model (its dated snapshot). */
export function standInResponseModel(model: string): string {
  return SNAPSHOTS[model] ?? model;
}

interface RequestBody {
  model: string;
  stream?: boolean;
  messages?: { role: string; content: unknown }[];
  input?: unknown;
  stream_options?: { include_usage?: boolean };
}

function lastUserText(body: RequestBody): string {
  if (typeof body.input === 'string') return body.input;
  const messages = (Array.isArray(body.input) ? body.input : body.messages ?? []) as { role: string; content: unknown }[];
  const last = [...messages].reverse().find((message) => message.role === 'user');
  const content = last?.content;
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((part: { text?: string }) => part.text ?? '').join('');
  return '';
}

/** The reply in a few pieces, as a model would stream it. */
function pieces(text: string): string[] {
  return text.match(/\S+\s*/g) ?? [text];
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function sse(res: ServerResponse): (event: string | null, data: unknown) => void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  return (event, data) => res.write(`${event ? `event: ${event}\n` : ''}data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`);
}

function anthropicMessages(body: RequestBody, res: ServerResponse): void {
  if (body.model === 'fail-request') {
    sendJson(res, 400, { type: 'error', error: { type: 'invalid_request_error', message: 'model fail-request does not exist' } });
    return;
  }
  const text = standInReply(lastUserText(body));
  const usage = STAND_IN_USAGE.anthropic;
  const message = { id: 'msg_standin', type: 'message', role: 'assistant', model: standInResponseModel(body.model), stop_reason: 'end_turn', stop_sequence: null };
  if (!body.stream) {
    sendJson(res, 200, { ...message, content: [{ type: 'text', text, citations: null }], usage: { ...usage, service_tier: 'standard' } });
    return;
  }
  const send = sse(res);
  send('message_start', { type: 'message_start', message: { ...message, stop_reason: null, content: [], usage: { ...usage, output_tokens: 1 } } });
  if (body.model === 'fail-midstream') {
    send('error', { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } });
    res.end();
    return;
  }
  send('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '', citations: null } });
  send('ping', { type: 'ping' });
  for (const piece of pieces(text)) send('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: piece } });
  send('content_block_stop', { type: 'content_block_stop', index: 0 });
  send('message_delta', {
    type: 'message_delta',
    delta: { stop_reason: 'end_turn', stop_sequence: null },
    usage: { input_tokens: null, cache_read_input_tokens: null, cache_creation_input_tokens: null, output_tokens: usage.output_tokens },
  });
  send('message_stop', { type: 'message_stop' });
  res.end();
}

function openAiUsage() {
  const usage = STAND_IN_USAGE.openai;
  return {
    prompt_tokens: usage.prompt_tokens,
    completion_tokens: usage.completion_tokens,
    total_tokens: usage.prompt_tokens + usage.completion_tokens,
    prompt_tokens_details: { cached_tokens: usage.cached_tokens, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0 },
  };
}

function openAiError(res: ServerResponse, model: string): void {
  sendJson(res, 400, { error: { message: `The model \`${model}\` does not exist`, type: 'invalid_request_error', param: 'model', code: 'model_not_found' } });
}

function openAiChat(body: RequestBody, res: ServerResponse): void {
  if (body.model === 'fail-request') return openAiError(res, body.model);
  const text = standInReply(lastUserText(body));
  const base = { id: 'chatcmpl-standin', created: 1_790_000_000, model: standInResponseModel(body.model), system_fingerprint: 'fp_standin' };
  if (!body.stream) {
    sendJson(res, 200, {
      ...base,
      object: 'chat.completion',
      choices: [{ index: 0, message: { role: 'assistant', content: text, refusal: null }, finish_reason: 'stop', logprobs: null }],
      usage: openAiUsage(),
    });
    return;
  }
  const send = sse(res);
  const chunk = (delta: object, finish: string | null) => ({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }] });
  send(null, chunk({ role: 'assistant', content: '' }, null));
  if (body.model === 'fail-midstream') {
    send(null, { error: { message: 'The server had an error while processing your request.', type: 'server_error' } });
    res.end();
    return;
  }
  for (const piece of pieces(text)) send(null, chunk({ content: piece }, null));
  send(null, chunk({}, 'stop'));
  if (body.stream_options?.include_usage) send(null, { ...base, object: 'chat.completion.chunk', choices: [], usage: openAiUsage() });
  send(null, '[DONE]');
  res.end();
}

function openAiResponse(body: RequestBody, text: string, status: 'in_progress' | 'completed') {
  const usage = STAND_IN_USAGE.openai;
  return {
    id: 'resp_standin',
    object: 'response',
    created_at: 1_790_000_000,
    status,
    model: standInResponseModel(body.model),
    output:
      status === 'completed'
        ? [{ id: 'msg_standin', type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text, annotations: [] }] }]
        : [],
    usage:
      status === 'completed'
        ? {
            input_tokens: usage.prompt_tokens,
            input_tokens_details: { cached_tokens: usage.cached_tokens },
            output_tokens: usage.completion_tokens,
            output_tokens_details: { reasoning_tokens: 0 },
            total_tokens: usage.prompt_tokens + usage.completion_tokens,
          }
        : null,
    error: null,
    incomplete_details: null,
    instructions: null,
    metadata: {},
    parallel_tool_calls: true,
    temperature: 1,
    tool_choice: 'auto',
    tools: [],
    top_p: 1,
  };
}

function openAiResponses(body: RequestBody, res: ServerResponse): void {
  if (body.model === 'fail-request') return openAiError(res, body.model);
  const text = standInReply(lastUserText(body));
  if (!body.stream) {
    sendJson(res, 200, openAiResponse(body, text, 'completed'));
    return;
  }
  const send = sse(res);
  let sequence = 0;
  const event = (type: string, fields: object) => send(type, { type, sequence_number: sequence++, ...fields });
  const item = { id: 'msg_standin', type: 'message', role: 'assistant', status: 'in_progress', content: [] };
  const at = { item_id: item.id, output_index: 0, content_index: 0 };
  event('response.created', { response: openAiResponse(body, '', 'in_progress') });
  event('response.output_item.added', { output_index: 0, item });
  event('response.content_part.added', { ...at, part: { type: 'output_text', text: '', annotations: [] } });
  for (const piece of pieces(text)) event('response.output_text.delta', { ...at, delta: piece, logprobs: [] });
  event('response.output_text.done', { ...at, text, logprobs: [] });
  event('response.content_part.done', { ...at, part: { type: 'output_text', text, annotations: [] } });
  event('response.output_item.done', {
    output_index: 0,
    item: { ...item, status: 'completed', content: [{ type: 'output_text', text, annotations: [] }] },
  });
  event('response.completed', { response: openAiResponse(body, text, 'completed') });
  res.end();
}

const ROUTES: Record<string, (body: RequestBody, res: ServerResponse) => void> = {
  '/v1/messages': anthropicMessages,
  '/v1/chat/completions': openAiChat,
  '/v1/responses': openAiResponses,
};

async function readBody(req: IncomingMessage): Promise<RequestBody> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as RequestBody;
}

/** A running stand-in. */
export interface ProviderStandIn {
  /** `http://127.0.0.1:<port>`: the Anthropic client's baseURL */
  anthropicBaseUrl: string;
  /** `http://127.0.0.1:<port>/v1`: the OpenAI client's baseURL */
  openAiBaseUrl: string;
  /** paths requested so far, in order */
  requests: string[];
  stop(): Promise<void>;
}

/** Starts the stand-in on a free loopback port. */
export async function startProviderStandIn(): Promise<ProviderStandIn> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0]!;
    requests.push(path);
    const route = ROUTES[path];
    if (req.method !== 'POST' || !route) return sendJson(res, 404, { error: { message: `no route ${req.method} ${path}` } });
    readBody(req).then(
      (body) => route(body, res),
      () => sendJson(res, 400, { error: { message: 'body is not JSON' } }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    anthropicBaseUrl: `http://127.0.0.1:${port}`,
    openAiBaseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

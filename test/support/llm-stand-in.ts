/**
 * A local HTTP stand-in of the OpenAI (`POST /v1/chat/completions`) and Anthropic
 * (`POST /v1/messages`) APIs, for tests that drive the official `openai` and
 * `@anthropic-ai/sdk` clients through their `baseURL` setting. Non-streaming.
 *
 * Scriptable per test: the next answers of each API are queued as steps (a
 * reply, fixed or echoing the last user text; an error status with Retry-After;
 * a hang; malformed JSON); when the queue is empty the default reply is given.
 * A `respond` function may answer by the request's content instead. Every request is recorded. Bodies are checked against the APIs' rules
 * (llm-stand-in-checks.ts) and refused with a 400 in the provider's error shape.
 *
 *   const standIn = await startLlmStandIn({ latencyMs: 50 });
 *   const openai = new OpenAI({ apiKey: 'test', baseURL: standIn.openAiBaseUrl });
 *   standIn.script('openai', { status: 429, retryAfter: '0' }, { reply: { text: 'Paris.' } });
 *   …
 *   await standIn.close();
 */
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { anthropicRequestProblem, openAiRequestProblem } from './llm-stand-in-checks.js';
import { type ResolvedReply, type StandInReply, anthropicError, anthropicMessage, openAiChatCompletion, openAiError } from './llm-stand-in-wire.js';

export type { StandInReply } from './llm-stand-in-wire.js';
export type StandInApi = 'openai' | 'anthropic';

/** One scripted answer. `latencyMs` adds to the stand-in's own latency. */
export type StandInStep =
  | { reply: StandInReply; latencyMs?: number; /** answers only once this settles (a test's gate) */ waitFor?: Promise<unknown> }
  | { status: number; message?: string; retryAfter?: string; latencyMs?: number }
  | { hang: true }
  | { malformed: true; latencyMs?: number };

export interface RecordedRequest {
  api: StandInApi | null;
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  /** the parsed JSON body, or the raw text when it was not JSON */
  body: unknown;
}

export interface LlmStandInOptions {
  /** delay before every answer; default 0 */
  latencyMs?: number;
  /** the answer when no step is queued; default an echo of the last user text */
  defaultReply?: StandInReply;
  /**
   * Answers by content, for tests whose calls arrive in any order (concurrent replays):
   * asked when no step is queued; undefined falls back to the default reply.
   */
  respond?: (api: StandInApi, body: unknown) => StandInStep | undefined;
}

export interface LlmStandIn {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** for `new OpenAI({ baseURL })` */
  openAiBaseUrl: string;
  /** for `new Anthropic({ baseURL })` */
  anthropicBaseUrl: string;
  /** every request received, in order */
  requests: RecordedRequest[];
  /** queues the next answers of one API */
  script(api: StandInApi, ...steps: StandInStep[]): void;
  /** the requests one API received */
  requestsTo(api: StandInApi): RecordedRequest[];
  /** forgets the recorded requests and every queued step (call it before each test) */
  reset(): void;
  /** stops listening and drops open (hanging) connections */
  close(): Promise<void>;
}

const ROUTES: Record<string, StandInApi> = { '/v1/chat/completions': 'openai', '/v1/messages': 'anthropic' };
const WIRE = {
  openai: { ok: openAiChatCompletion, error: openAiError, problem: openAiRequestProblem, requestIdHeader: 'x-request-id' },
  anthropic: { ok: anthropicMessage, error: anthropicError, problem: anthropicRequestProblem, requestIdHeader: 'request-id' },
} as const;

async function readBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** The text of the last user turn of either API's body. */
export function lastUserText(body: unknown): string {
  const messages = (body as { messages?: { role?: string; content?: unknown }[] }).messages ?? [];
  const last = [...messages].reverse().find((message) => message.role === 'user');
  const content = last?.content;
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((part: { type?: string; text?: string }) => (part.type === 'text' ? (part.text ?? '') : '')).join('');
}

function resolveReply(reply: StandInReply, body: unknown): ResolvedReply {
  const text = reply.text ?? `echo: ${lastUserText(body)}`;
  const requestedModel = (body as { model?: string }).model ?? 'unknown';
  return {
    text,
    model: reply.model ?? requestedModel,
    finishReason: reply.finishReason,
    toolCalls: reply.toolCalls ?? [],
    promptTokens: reply.usage?.promptTokens ?? Math.max(1, Math.ceil(JSON.stringify((body as { messages?: unknown }).messages ?? '').length / 4)),
    completionTokens: reply.usage?.completionTokens ?? Math.max(1, Math.ceil(text.length / 4)),
    cachedPromptTokens: reply.usage?.cachedPromptTokens ?? 0,
  };
}

const sleep = (ms: number) => (ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve());

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

/** Starts a stand-in on 127.0.0.1 at a free port. */
export async function startLlmStandIn(options: LlmStandInOptions = {}): Promise<LlmStandIn> {
  const requests: RecordedRequest[] = [];
  const queues: Record<StandInApi, StandInStep[]> = { openai: [], anthropic: [] };
  const defaultStep: StandInStep = { reply: options.defaultReply ?? {} };

  async function answer(api: StandInApi, body: unknown, response: ServerResponse): Promise<void> {
    const wire = WIRE[api];
    const problem = wire.problem(body);
    const step = problem === null ? (queues[api].shift() ?? options.respond?.(api, body) ?? defaultStep) : { status: 400, message: problem };
    if ('hang' in step) return; // never answered; close() drops the connection
    if ('waitFor' in step) await step.waitFor;
    await sleep((options.latencyMs ?? 0) + (step.latencyMs ?? 0));
    const ids = { [wire.requestIdHeader]: `stand-in-${requests.length}` };
    if ('malformed' in step) {
      response.writeHead(200, { 'content-type': 'application/json', ...ids });
      response.end('{"id": "truncated", "choices": [');
    } else if ('status' in step) {
      const headers = step.retryAfter === undefined ? ids : { ...ids, 'retry-after': step.retryAfter };
      sendJson(response, step.status, wire.error(step.status, step.message ?? `scripted ${step.status}`), headers);
    } else {
      sendJson(response, 200, wire.ok(resolveReply(step.reply, body)), ids);
    }
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? '/', 'http://stand-in').pathname;
    const api = ROUTES[path] ?? null;
    const body = await readBody(request);
    requests.push({ api, method: request.method ?? '', path, headers: request.headers, body });
    if (api === null || request.method !== 'POST') return sendJson(response, 404, { error: { message: `no route ${request.method} ${path}` } });
    const authorized = request.headers.authorization?.startsWith('Bearer ') || request.headers['x-api-key'] !== undefined;
    if (!authorized) return sendJson(response, 401, WIRE[api].error(401, 'missing API key'));
    await answer(api, body, response);
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) sendJson(response, 500, { error: { message: String(error) } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    openAiBaseUrl: `${url}/v1`,
    anthropicBaseUrl: url,
    requests,
    script: (api, ...steps) => void queues[api].push(...steps),
    requestsTo: (api) => requests.filter((recorded) => recorded.api === api),
    reset: () => {
      requests.splice(0);
      queues.openai.splice(0);
      queues.anthropic.splice(0);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

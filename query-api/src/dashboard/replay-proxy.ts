import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { errorBody } from '@lumina/core';
import type { AppEnv } from '../app-env.js';

/** Request headers the replay service needs; nothing else (cookies, host) is passed on. */
const FORWARDED_HEADERS = ['authorization', 'x-api-key', 'content-type', 'accept'];

async function forward(c: Context<AppEnv>, replayUrl: string, timeoutMs: number): Promise<Response> {
  const incoming = new URL(c.req.url);
  const target = new URL(incoming.pathname + incoming.search, replayUrl);
  const headers = new Headers();
  for (const name of FORWARDED_HEADERS) {
    const value = c.req.header(name);
    if (value !== undefined) headers.set(name, value);
  }
  const method = c.req.method;
  try {
    const response = await fetch(target, {
      method,
      headers,
      ...(method === 'GET' || method === 'HEAD' ? {} : { body: await c.req.arrayBuffer() }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const out = new Headers();
    for (const name of ['content-type', 'retry-after']) {
      const value = response.headers.get(name);
      if (value !== null) out.set(name, value);
    }
    return new Response(response.body, { status: response.status, headers: out });
  } catch (error) {
    const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
    return c.json(
      errorBody(timedOut ? 'replay_timeout' : 'replay_unavailable', timedOut ? `the replay service did not answer within ${timeoutMs} ms` : 'the replay service is not reachable'),
      timedOut ? 504 : 503,
    );
  }
}

/**
 * `/replay` and `/replay/*` go to the replay service (REPLAY_URL) unchanged, so the dashboard
 * reaches it on its own origin with the same API key; the replay service checks the key itself.
 */
export function registerReplayProxy(app: OpenAPIHono<AppEnv>, replayUrl: string, timeoutMs: number): void {
  app.all('/replay', (c) => forward(c, replayUrl, timeoutMs));
  app.all('/replay/*', (c) => forward(c, replayUrl, timeoutMs));
}

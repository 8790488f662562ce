import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backoffMs, postJson } from './webhook.js';

let url = '';
let close: () => Promise<void>;
const seen: Array<{ key: string | undefined; body: unknown }> = [];

beforeAll(async () => {
  // answers with the status named by the path: /200, /404, /429, /503
  const server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString()));
    request.on('end', () => {
      seen.push({ key: request.headers['idempotency-key'] as string | undefined, body: JSON.parse(text) });
      const status = Number(request.url!.slice(1));
      response.writeHead(status, status === 429 ? { 'Retry-After': '7' } : {}).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => new Promise((resolve) => server.close(() => resolve()));
});
afterAll(() => close());

describe('postJson', () => {
  it('delivers the JSON body with its idempotency key on a 2xx', async () => {
    expect(await postJson(`${url}/200`, { a: 1 }, 'k1', 2000)).toEqual({ ok: true });
    expect(seen.at(-1)).toEqual({ key: 'k1', body: { a: 1 } });
  });

  it('retries 429 (with Retry-After) and 5xx, gives up on other 4xx, retries when nobody answers', async () => {
    expect(await postJson(`${url}/429`, {}, 'k', 2000)).toMatchObject({ ok: false, retry: true, retryAfterMs: 7000 });
    expect(await postJson(`${url}/503`, {}, 'k', 2000)).toMatchObject({ ok: false, retry: true, reason: 'HTTP 503' });
    expect(await postJson(`${url}/404`, {}, 'k', 2000)).toMatchObject({ ok: false, retry: false, reason: 'HTTP 404' });
    expect(await postJson('http://127.0.0.1:1/hook', {}, 'k', 2000)).toMatchObject({ ok: false, retry: true });
  });
});

describe('backoffMs', () => {
  it('doubles from the base up to the cap, with jitter in the upper half', () => {
    expect(backoffMs(1, 1000, 60_000, () => 0)).toBe(500);
    expect(backoffMs(1, 1000, 60_000, () => 1)).toBe(1000);
    expect(backoffMs(4, 1000, 60_000, () => 1)).toBe(8000);
    expect(backoffMs(20, 1000, 60_000, () => 1)).toBe(60_000);
  });
});

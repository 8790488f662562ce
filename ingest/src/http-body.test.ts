import { Readable } from 'node:stream';
import { Hono } from 'hono';
import { closeHttp, listenHttp } from '@lumina/runtime';
import { describe, expect, it } from 'vitest';
import { IngestError } from './errors.js';
import { nodeIncoming, readBodyWithLimit } from './http-body.js';

const post = (headers: Record<string, string> = {}) => new Request('http://ingest/v1/traces', { method: 'POST', headers });

describe('reading an OTLP/HTTP body', () => {
  it('hands on a body that arrived in one chunk without copying it', async () => {
    const chunk = Buffer.alloc(300 * 1024, 7);
    const body = await readBodyWithLimit(post(), 1024 * 1024, Readable.from([chunk], { objectMode: false }));
    expect(body).toBe(chunk);
  });

  it('joins a body of many chunks once, in order', async () => {
    const chunks = [Buffer.from('ab'), Buffer.from('cd'), Buffer.from('e')];
    const body = await readBodyWithLimit(post(), 1024, Readable.from(chunks, { objectMode: false }));
    expect(Buffer.from(body).toString()).toBe('abcde');
  });

  it('refuses a body past the limit before it has all been buffered', async () => {
    let served = 0;
    const endless = Readable.from((function* () {
      for (;;) {
        served += 1;
        yield Buffer.alloc(1024);
      }
    })(), { objectMode: false });
    await expect(readBodyWithLimit(post(), 10 * 1024, endless)).rejects.toMatchObject({ code: 'payload_too_large' });
    expect(served).toBeLessThan(20);
    await expect(readBodyWithLimit(post({ 'content-length': '20000' }), 10 * 1024)).rejects.toBeInstanceOf(IngestError);
  });

  it('reads the Node request behind the app when @hono/node-server serves it, the same bytes as sent', async () => {
    const seen: { fromNode: boolean; bytes: number; checksum: number }[] = [];
    const app = new Hono();
    app.post('/echo', async (c) => {
      const incoming = nodeIncoming(c.env);
      const body = await readBodyWithLimit(c.req.raw, 4 * 1024 * 1024, incoming);
      seen.push({ fromNode: incoming !== undefined, bytes: body.length, checksum: body.reduce((sum, byte) => (sum * 31 + byte) >>> 0, 0) });
      return c.body(null, 204);
    });
    const listener = await listenHttp(app.fetch, '127.0.0.1', 0);
    try {
      const sent = Buffer.from(Array.from({ length: 1024 * 1024 }, (_, i) => (i * 7) % 256));
      const response = await fetch(`http://127.0.0.1:${listener.port}/echo`, { method: 'POST', body: sent });
      expect(response.status).toBe(204);
      expect(seen).toEqual([{ fromNode: true, bytes: sent.length, checksum: sent.reduce((sum, byte) => (sum * 31 + byte) >>> 0, 0) }]);
    } finally {
      await closeHttp(listener.server, 1000);
    }
  });

  it('reads the Web request when there is no Node request (app.request in tests)', async () => {
    const app = new Hono();
    app.post('/echo', async (c) => c.text(String((await readBodyWithLimit(c.req.raw, 1024, nodeIncoming(c.env))).length)));
    const response = await app.request('/echo', { method: 'POST', body: 'hello' });
    expect(await response.text()).toBe('5');
  });
});

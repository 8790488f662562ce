import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedHook {
  path: string;
  headers: IncomingHttpHeaders;
  body: any;
  receivedAtMs: number;
}

/**
 * A local webhook receiver (the generic JSON hook and a Slack-compatible one are both just
 * paths on it). `respondWith` sets the status of the next answers (e.g. 503 to make the
 * alerter retry); every request is recorded, refused or not.
 */
export async function startWebhookReceiver() {
  const received: ReceivedHook[] = [];
  const attempts: ReceivedHook[] = [];
  let status = 200;
  const listeners = new Set<(hook: ReceivedHook) => void>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const hook: ReceivedHook = { path: request.url ?? '', headers: request.headers, body: text ? JSON.parse(text) : null, receivedAtMs: Date.now() };
      attempts.push(hook);
      if (status >= 200 && status < 300) {
        received.push(hook);
        for (const listener of listeners) listener(hook);
      }
      response.writeHead(status, { 'Content-Type': 'text/plain' }).end(status < 300 ? 'ok' : 'not now');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    /** hooks answered 2xx */
    received,
    /** every request, refused ones included */
    attempts,
    respondWith(next: number) {
      status = next;
    },
    onReceive(listener: (hook: ReceivedHook) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

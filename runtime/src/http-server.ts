import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';

/** A Web-standard fetch handler (Hono's `app.fetch`). */
export type FetchHandler = (request: Request) => Response | Promise<Response>;

/** An HTTP listener of a service, and the port it got (0 asks for any free one). */
export interface HttpListener {
  server: Server;
  port: number;
}

/** Listens with `fetch` on host:port; resolves once bound, rejects if the port is taken. */
export function listenHttp(fetch: FetchHandler, host: string, port: number): Promise<HttpListener> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, hostname: host, port }, () => resolve({ server, port: (server.address() as AddressInfo).port })) as Server;
    server.once('error', reject);
  });
}

/** Stops accepting, lets requests in flight finish, and cuts what is left after `graceMs`. */
export function closeHttp(server: Server, graceMs = 10_000): Promise<void> {
  return new Promise((resolve) => {
    const force = setTimeout(() => server.closeAllConnections(), graceMs);
    force.unref();
    server.close(() => {
      clearTimeout(force);
      resolve();
    });
    server.closeIdleConnections();
  });
}

import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { errorText } from './logger.js';

/** A NATS connection that reconnects forever and knows whether it is connected right now. */
export interface NatsHandle {
  nc: NatsConnection;
  isConnected(): boolean;
  /** The largest message the server takes, in bytes. */
  maxPayloadBytes(): number;
  /** Flushes what is pending, then closes. */
  close(): Promise<void>;
}

const DEFAULT_MAX_PAYLOAD = 1024 * 1024;

/** NATS_URL's servers: one URL, or several separated by commas (a cluster's; the client moves between them). */
export function natsServers(url: string): string[] {
  return url
    .split(',')
    .map((server) => server.trim())
    .filter((server) => server !== '');
}

/**
 * Connects (failing if no listed server is there at start), then reconnects forever in the
 * background, to any server of the list or of the cluster they belong to.
 */
export async function connectNats(url: string, name: string, logger: Logger): Promise<NatsHandle> {
  const nc = await connect({ servers: natsServers(url), name, maxReconnectAttempts: -1, reconnectTimeWait: 500 });
  let connected = true;
  void (async () => {
    for await (const status of nc.status()) {
      if (status.type === 'disconnect') {
        connected = false;
        logger.warn({ server: url }, 'NATS disconnected; reconnecting');
      }
      if (status.type === 'reconnect') {
        connected = true;
        logger.info({ server: url }, 'NATS reconnected');
      }
    }
  })();
  return {
    nc,
    isConnected: () => connected && !nc.isClosed(),
    maxPayloadBytes: () => nc.info?.max_payload ?? DEFAULT_MAX_PAYLOAD,
    async close() {
      if (nc.isClosed()) return;
      await nc.drain().catch((error: unknown) => logger.warn({ err: errorText(error) }, 'NATS drain failed; closing'));
      if (!nc.isClosed()) await nc.close();
    },
  };
}

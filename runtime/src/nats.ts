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

/** Connects (failing if the server is not there at start), then reconnects forever in the background. */
export async function connectNats(url: string, name: string, logger: Logger): Promise<NatsHandle> {
  const nc = await connect({ servers: url, name, maxReconnectAttempts: -1, reconnectTimeWait: 500 });
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

import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { pino, type Logger } from 'pino';
import type { IngestConfig } from './config.js';
import { startGrpcServer, stopGrpcServer } from './grpc.js';
import { createHttpApp } from './http.js';
import { createIngestMetrics } from './metrics.js';
import { openSpanQueue, type SpanQueue } from './queue.js';

export interface IngestAddresses {
  grpcPort: number;
  httpPorts: number[];
}

export interface Ingest {
  start(): Promise<IngestAddresses>;
  /** Stops accepting, lets in-flight exports finish, then drains NATS. */
  stop(): Promise<void>;
}

const STOP_GRACE_MS = 10_000;

function listenHttp(fetch: (request: Request) => Response | Promise<Response>, host: string, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, hostname: host, port }, () => resolve(server as Server)) as Server;
    server.once('error', reject);
  });
}

function closeHttp(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}

/** The OTLP receiver: gRPC and HTTP in, JetStream out. */
export function createIngest(config: IngestConfig, logger: Logger = pino({ level: config.LOG_LEVEL, name: 'ingest' })): Ingest {
  let queue: SpanQueue | undefined;
  let grpcServer: Awaited<ReturnType<typeof startGrpcServer>>['server'] | undefined;
  const httpServers: Server[] = [];

  return {
    async start() {
      queue = await openSpanQueue({
        natsUrl: config.NATS_URL,
        stream: config.SPANS_STREAM,
        subject: config.SPANS_SUBJECT,
        publishTimeoutMs: config.INGEST_PUBLISH_TIMEOUT_MS,
      });
      const deps = { queue, metrics: createIngestMetrics(), logger, maxBodyBytes: config.INGEST_MAX_BODY_BYTES };
      const grpc = await startGrpcServer(config.INGEST_HOST, config.INGEST_GRPC_PORT, deps);
      grpcServer = grpc.server;
      const app = createHttpApp(deps);
      for (const port of config.INGEST_HTTP_PORTS) {
        httpServers.push(await listenHttp(app.fetch, config.INGEST_HOST, port));
      }
      const addresses = {
        grpcPort: grpc.port,
        httpPorts: httpServers.map((server) => (server.address() as AddressInfo).port),
      };
      logger.info({ ...addresses, stream: config.SPANS_STREAM, subject: config.SPANS_SUBJECT }, 'ingest listening');
      return addresses;
    },
    async stop() {
      await Promise.all([
        ...httpServers.splice(0).map(closeHttp),
        grpcServer ? stopGrpcServer(grpcServer, STOP_GRACE_MS) : Promise.resolve(),
      ]);
      await queue?.close();
      logger.info('ingest stopped');
    },
  };
}

import type { Logger } from 'pino';
import { spansStreamLimits, closeHttp, createLogger, listenHttp, type HttpListener } from '@lumina/runtime';
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

/** The OTLP receiver: gRPC and HTTP in, JetStream out. */
export function createIngest(config: IngestConfig, logger: Logger = createLogger('ingest', config.LOG_LEVEL)): Ingest {
  let queue: SpanQueue | undefined;
  let grpcServer: Awaited<ReturnType<typeof startGrpcServer>>['server'] | undefined;
  const httpListeners: HttpListener[] = [];

  return {
    async start() {
      const metrics = createIngestMetrics();
      queue = await openSpanQueue(
        {
          natsUrl: config.NATS_URL,
          stream: config.SPANS_STREAM,
          subject: config.SPANS_SUBJECT,
          limits: spansStreamLimits(config),
          maxBacklogAgeSeconds: config.SPANS_STREAM_MAX_AGE_SECONDS,
          publishTimeoutMs: config.INGEST_PUBLISH_TIMEOUT_MS,
        },
        metrics.stream,
        logger,
      );
      const deps = { queue, metrics, logger, maxBodyBytes: config.INGEST_MAX_BODY_BYTES, retryAfterSeconds: config.INGEST_RETRY_AFTER_SECONDS };
      const grpc = await startGrpcServer(config.INGEST_HOST, config.INGEST_GRPC_PORT, deps);
      grpcServer = grpc.server;
      const app = createHttpApp(deps);
      for (const port of config.INGEST_HTTP_PORTS) httpListeners.push(await listenHttp(app.fetch, config.INGEST_HOST, port));
      const addresses = { grpcPort: grpc.port, httpPorts: httpListeners.map((listener) => listener.port) };
      logger.info({ ...addresses, stream: config.SPANS_STREAM, subject: config.SPANS_SUBJECT }, 'ingest listening');
      return addresses;
    },
    async stop() {
      await Promise.all([
        ...httpListeners.splice(0).map((listener) => closeHttp(listener.server, STOP_GRACE_MS)),
        grpcServer ? stopGrpcServer(grpcServer, STOP_GRACE_MS) : Promise.resolve(),
      ]);
      await queue?.close();
      logger.info('ingest stopped');
    },
  };
}

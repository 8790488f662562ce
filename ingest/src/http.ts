import { Hono } from 'hono';
import type { Context } from 'hono';
import type { Logger } from 'pino';
import { errorBody } from '@lumina/core';
import { encodeLogsResponse, encodeTraceResponse, logsResponseToJson, traceResponseToJson } from '@lumina/proto';
import { addServiceRoutes, type KeyVerifier } from '@lumina/runtime';
import { exportingProject } from './caller.js';
import { IngestError } from './errors.js';
import { exportLogs, type LogsExportDeps } from './export-logs.js';
import { encodingOfContentType, exportTraces } from './export-traces.js';
import { decodeContentEncoding, nodeIncoming, readBodyWithLimit } from './http-body.js';
import { INGEST_STATUS, RETRYABLE_CODES } from './status-map.js';

export interface HttpDeps extends LogsExportDeps {
  verifier: KeyVerifier;
  logger: Logger;
  maxBodyBytes: number;
  retryAfterSeconds: number;
}

function errorResponse(c: Context, error: unknown, deps: HttpDeps) {
  if (error instanceof IngestError) {
    const headers: Record<string, string> = RETRYABLE_CODES.has(error.code) ? { 'Retry-After': String(error.retryAfterSeconds ?? deps.retryAfterSeconds) } : {};
    return c.json(errorBody(error.code, error.message), INGEST_STATUS[error.code].http, headers);
  }
  deps.logger.error({ err: error }, 'unexpected error in OTLP/HTTP export');
  return c.json(errorBody('internal_error', 'the request could not be processed'), 500);
}

/** An export's answer in both OTLP encodings (only the one the client sent is built). */
interface ExportAnswer {
  json: () => unknown;
  protobuf: () => Uint8Array<ArrayBuffer>;
}

type ExportHandler = (body: Uint8Array, encoding: ReturnType<typeof encodingOfContentType>, projectId: string) => Promise<ExportAnswer>;

/** One OTLP/HTTP export route: auth, body limits and content encoding, metrics, and the answer in the request's encoding. */
function exportRoute(deps: HttpDeps, handle: ExportHandler) {
  const { metrics, maxBodyBytes } = deps;
  return async (c: Context) => {
    const stopTimer = metrics.requestSeconds.startTimer({ transport: 'http' });
    try {
      const projectId = exportingProject(deps.verifier, (name) => c.req.header(name));
      const encoding = encodingOfContentType(c.req.header('content-type') ?? null);
      const raw = await readBodyWithLimit(c.req.raw, maxBodyBytes, nodeIncoming(c.env));
      const body = await decodeContentEncoding(raw, c.req.header('content-encoding') ?? null, maxBodyBytes);
      const answer = await handle(body, encoding, projectId);
      metrics.requests.inc({ transport: 'http', outcome: 'ok' });
      if (encoding === 'json') return c.json(answer.json());
      return c.body(answer.protobuf(), 200, { 'Content-Type': 'application/x-protobuf' });
    } catch (error) {
      metrics.requests.inc({ transport: 'http', outcome: error instanceof IngestError ? error.code : 'internal_error' });
      return errorResponse(c, error, deps);
    } finally {
      stopTimer();
    }
  };
}

/** OTLP/HTTP receiver: `POST /v1/traces` and `POST /v1/logs`, plus health, readiness and metrics. */
export function createHttpApp(deps: HttpDeps): Hono {
  const app = new Hono();
  addServiceRoutes(app, { registry: deps.metrics.registry, notReady: () => deps.queue.notReady() ?? deps.logsQueue.notReady() });

  app.post(
    '/v1/traces',
    exportRoute(deps, async (body, encoding, projectId) => {
      const accepted = await exportTraces(body, encoding, projectId, deps);
      const partial = { rejectedSpans: accepted.rejectedSpans, errorMessage: accepted.rejectionReason };
      return { json: () => traceResponseToJson(partial), protobuf: () => encodeTraceResponse(partial) };
    }),
  );
  app.post(
    '/v1/logs',
    exportRoute(deps, async (body, encoding, projectId) => {
      const accepted = await exportLogs(body, encoding, projectId, deps);
      const partial = { rejectedLogRecords: accepted.rejectedLogRecords, errorMessage: accepted.rejectionReason };
      return { json: () => logsResponseToJson(partial), protobuf: () => encodeLogsResponse(partial) };
    }),
  );

  app.notFound((c) => c.json(errorBody('not_found', `no route for ${c.req.method} ${c.req.path}`), 404));
  return app;
}

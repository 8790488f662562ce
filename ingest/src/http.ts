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

/** OTLP/HTTP receiver: `POST /v1/traces` and `POST /v1/logs`, plus health, readiness and metrics. */
export function createHttpApp(deps: HttpDeps): Hono {
  const { queue, metrics, maxBodyBytes } = deps;
  const app = new Hono();
  addServiceRoutes(app, { registry: metrics.registry, notReady: () => queue.notReady() ?? deps.logsQueue.notReady() });

  app.post('/v1/traces', async (c) => {
    const stopTimer = metrics.requestSeconds.startTimer({ transport: 'http' });
    try {
      const projectId = exportingProject(deps.verifier, (name) => c.req.header(name));
      const encoding = encodingOfContentType(c.req.header('content-type') ?? null);
      const raw = await readBodyWithLimit(c.req.raw, maxBodyBytes, nodeIncoming(c.env));
      const body = await decodeContentEncoding(raw, c.req.header('content-encoding') ?? null, maxBodyBytes);
      const accepted = await exportTraces(body, encoding, projectId, deps);
      metrics.requests.inc({ transport: 'http', outcome: 'ok' });
      const partial = { rejectedSpans: accepted.rejectedSpans, errorMessage: accepted.rejectionReason };
      if (encoding === 'json') return c.json(traceResponseToJson(partial));
      return c.body(encodeTraceResponse(partial), 200, { 'Content-Type': 'application/x-protobuf' });
    } catch (error) {
      metrics.requests.inc({ transport: 'http', outcome: error instanceof IngestError ? error.code : 'internal_error' });
      return errorResponse(c, error, deps);
    } finally {
      stopTimer();
    }
  });

  app.post('/v1/logs', async (c) => {
    const stopTimer = metrics.requestSeconds.startTimer({ transport: 'http' });
    try {
      const projectId = exportingProject(deps.verifier, (name) => c.req.header(name));
      const encoding = encodingOfContentType(c.req.header('content-type') ?? null);
      const raw = await readBodyWithLimit(c.req.raw, maxBodyBytes, nodeIncoming(c.env));
      const body = await decodeContentEncoding(raw, c.req.header('content-encoding') ?? null, maxBodyBytes);
      const accepted = await exportLogs(body, encoding, projectId, deps);
      metrics.requests.inc({ transport: 'http', outcome: 'ok' });
      const partial = { rejectedLogRecords: accepted.rejectedLogRecords, errorMessage: accepted.rejectionReason };
      if (encoding === 'json') return c.json(logsResponseToJson(partial));
      return c.body(encodeLogsResponse(partial), 200, { 'Content-Type': 'application/x-protobuf' });
    } catch (error) {
      metrics.requests.inc({ transport: 'http', outcome: error instanceof IngestError ? error.code : 'internal_error' });
      return errorResponse(c, error, deps);
    } finally {
      stopTimer();
    }
  });

  app.notFound((c) => c.json(errorBody('not_found', `no route for ${c.req.method} ${c.req.path}`), 404));
  return app;
}

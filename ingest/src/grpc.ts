import * as grpc from '@grpc/grpc-js';
import type { Logger } from 'pino';
import { encodeLogsResponse, encodeTraceResponse } from '@lumina/proto';
import { IngestError } from './errors.js';
import { exportLogs, type LogsExportDeps } from './export-logs.js';
import { exportTraces } from './export-traces.js';
import type { KeyVerifier } from '@lumina/runtime';
import { exportingProject } from './caller.js';
import { INGEST_STATUS } from './status-map.js';

export interface GrpcDeps extends LogsExportDeps {
  verifier: KeyVerifier;
  logger: Logger;
  maxBodyBytes: number;
}

interface PartialSuccess {
  rejectedSpans: number;
  errorMessage: string;
}

/**
 * TraceService/Export with the request kept as raw bytes: we validate with our own
 * decoder and publish the bytes unchanged, so there is no decode/encode round trip.
 */
const traceServiceDefinition: grpc.ServiceDefinition = {
  Export: {
    path: '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
    requestStream: false,
    responseStream: false,
    requestSerialize: (value: Uint8Array) => Buffer.from(value),
    requestDeserialize: (bytes: Buffer) => new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    responseSerialize: (value: PartialSuccess) => Buffer.from(encodeTraceResponse(value)),
    responseDeserialize: (bytes: Buffer) => bytes,
  },
};

interface LogsPartialSuccess {
  rejectedLogRecords: number;
  errorMessage: string;
}

/** LogsService/Export, raw bytes in like traces. */
const logsServiceDefinition: grpc.ServiceDefinition = {
  Export: {
    path: '/opentelemetry.proto.collector.logs.v1.LogsService/Export',
    requestStream: false,
    responseStream: false,
    requestSerialize: (value: Uint8Array) => Buffer.from(value),
    requestDeserialize: (bytes: Buffer) => new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    responseSerialize: (value: LogsPartialSuccess) => Buffer.from(encodeLogsResponse(value)),
    responseDeserialize: (bytes: Buffer) => bytes,
  },
};

/** A gRPC metadata entry as text (keys are lowercase in gRPC). */
function metadataValue(metadata: grpc.Metadata, name: string): string | undefined {
  const value = metadata.get(name)[0];
  return value === undefined ? undefined : String(value);
}

function toServiceError(error: unknown, logger: Logger): Partial<grpc.ServiceError> {
  if (error instanceof IngestError) return { code: INGEST_STATUS[error.code].grpc, details: error.message };
  logger.error({ err: error }, 'unexpected error in OTLP/gRPC export');
  return { code: grpc.status.INTERNAL, details: 'the request could not be processed' };
}

/** Starts the OTLP/gRPC receiver; resolves with the bound port. */
export async function startGrpcServer(host: string, port: number, deps: GrpcDeps): Promise<{ server: grpc.Server; port: number }> {
  const server = new grpc.Server({
    'grpc.max_receive_message_length': deps.maxBodyBytes,
    'grpc.max_send_message_length': 4 * 1024 * 1024,
  });
  server.addService(traceServiceDefinition, {
    Export: (call: grpc.ServerUnaryCall<Uint8Array, PartialSuccess>, callback: grpc.sendUnaryData<PartialSuccess>) => {
      const stopTimer = deps.metrics.requestSeconds.startTimer({ transport: 'grpc' });
      Promise.resolve()
        .then(() => exportTraces(call.request, 'protobuf', exportingProject(deps.verifier, (name) => metadataValue(call.metadata, name)), deps))
        .then((accepted) => {
          deps.metrics.requests.inc({ transport: 'grpc', outcome: 'ok' });
          callback(null, { rejectedSpans: accepted.rejectedSpans, errorMessage: accepted.rejectionReason });
        })
        .catch((error: unknown) => {
          deps.metrics.requests.inc({ transport: 'grpc', outcome: error instanceof IngestError ? error.code : 'internal_error' });
          callback(toServiceError(error, deps.logger));
        })
        .finally(() => stopTimer());
    },
  });
  server.addService(logsServiceDefinition, {
    Export: (call: grpc.ServerUnaryCall<Uint8Array, LogsPartialSuccess>, callback: grpc.sendUnaryData<LogsPartialSuccess>) => {
      const stopTimer = deps.metrics.requestSeconds.startTimer({ transport: 'grpc' });
      Promise.resolve()
        .then(() => exportLogs(call.request, 'protobuf', exportingProject(deps.verifier, (name) => metadataValue(call.metadata, name)), deps))
        .then((accepted) => {
          deps.metrics.requests.inc({ transport: 'grpc', outcome: 'ok' });
          callback(null, { rejectedLogRecords: accepted.rejectedLogRecords, errorMessage: accepted.rejectionReason });
        })
        .catch((error: unknown) => {
          deps.metrics.requests.inc({ transport: 'grpc', outcome: error instanceof IngestError ? error.code : 'internal_error' });
          callback(toServiceError(error, deps.logger));
        })
        .finally(() => stopTimer());
    },
  });
  const boundPort = await new Promise<number>((resolve, reject) => {
    server.bindAsync(`${host}:${port}`, grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    );
  });
  return { server, port: boundPort };
}

/** Stops accepting calls and waits for in-flight ones (bounded by `graceMs`). */
export async function stopGrpcServer(server: grpc.Server, graceMs: number): Promise<void> {
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      server.forceShutdown();
      resolve();
    }, graceMs);
    server.tryShutdown(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

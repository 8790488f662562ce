// The answers a receiver gives to Export: empty on full success, `partial_success`
// when it rejected some items or wants to pass on a warning (OTLP spec).
import { create, toBinary } from '@bufbuild/protobuf';
import type { JsonObject } from '@bufbuild/protobuf';
import { ExportLogsServiceResponseSchema } from './gen/opentelemetry/proto/collector/logs/v1/logs_service_pb.js';
import type { ExportLogsServiceResponse } from './gen/opentelemetry/proto/collector/logs/v1/logs_service_pb.js';
import { ExportTraceServiceResponseSchema } from './gen/opentelemetry/proto/collector/trace/v1/trace_service_pb.js';
import type { ExportTraceServiceResponse } from './gen/opentelemetry/proto/collector/trace/v1/trace_service_pb.js';
import { writeOtlpJsonMessage } from './otlp-json-writer.js';

/** How many spans a trace export rejected, and why (or a warning with 0 rejected). */
export interface TracePartialSuccessInit {
  rejectedSpans: number | bigint;
  errorMessage?: string;
}

/** How many log records a logs export rejected, and why (or a warning with 0 rejected). */
export interface LogsPartialSuccessInit {
  rejectedLogRecords: number | bigint;
  errorMessage?: string;
}

/**
 * The ExportTraceServiceResponse for an outcome: `partial_success` is set only when
 * something was rejected or there is a message, as the spec asks of servers.
 */
export function traceResponse(partial?: TracePartialSuccessInit): ExportTraceServiceResponse {
  if (partial === undefined || isFullSuccess(partial.rejectedSpans, partial.errorMessage)) {
    return create(ExportTraceServiceResponseSchema);
  }
  return create(ExportTraceServiceResponseSchema, {
    partialSuccess: { rejectedSpans: BigInt(partial.rejectedSpans), errorMessage: partial.errorMessage ?? '' },
  });
}

/** {@link traceResponse} as OTLP/protobuf bytes (OTLP/HTTP body or OTLP/gRPC message). */
export function encodeTraceResponse(partial?: TracePartialSuccessInit): Uint8Array<ArrayBuffer> {
  return toBinary(ExportTraceServiceResponseSchema, traceResponse(partial));
}

/** {@link traceResponse} as an OTLP/JSON object, e.g. `{ partialSuccess: { rejectedSpans: '2', errorMessage: '…' } }`. */
export function traceResponseToJson(partial?: TracePartialSuccessInit): JsonObject {
  return writeOtlpJsonMessage(ExportTraceServiceResponseSchema, traceResponse(partial));
}

/** The ExportLogsServiceResponse for an outcome; see {@link traceResponse}. */
export function logsResponse(partial?: LogsPartialSuccessInit): ExportLogsServiceResponse {
  if (partial === undefined || isFullSuccess(partial.rejectedLogRecords, partial.errorMessage)) {
    return create(ExportLogsServiceResponseSchema);
  }
  return create(ExportLogsServiceResponseSchema, {
    partialSuccess: { rejectedLogRecords: BigInt(partial.rejectedLogRecords), errorMessage: partial.errorMessage ?? '' },
  });
}

/** {@link logsResponse} as OTLP/protobuf bytes. */
export function encodeLogsResponse(partial?: LogsPartialSuccessInit): Uint8Array<ArrayBuffer> {
  return toBinary(ExportLogsServiceResponseSchema, logsResponse(partial));
}

/** {@link logsResponse} as an OTLP/JSON object. */
export function logsResponseToJson(partial?: LogsPartialSuccessInit): JsonObject {
  return writeOtlpJsonMessage(ExportLogsServiceResponseSchema, logsResponse(partial));
}

function isFullSuccess(rejected: number | bigint, errorMessage: string | undefined): boolean {
  return BigInt(rejected) === 0n && (errorMessage ?? '') === '';
}

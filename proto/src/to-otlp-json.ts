import type { DescMessage, JsonObject, MessageShape } from '@bufbuild/protobuf';
import { ExportLogsServiceRequestSchema } from './gen/opentelemetry/proto/collector/logs/v1/logs_service_pb.js';
import type { ExportLogsServiceRequest } from './gen/opentelemetry/proto/collector/logs/v1/logs_service_pb.js';
import { ExportTraceServiceRequestSchema } from './gen/opentelemetry/proto/collector/trace/v1/trace_service_pb.js';
import type { ExportTraceServiceRequest } from './gen/opentelemetry/proto/collector/trace/v1/trace_service_pb.js';
import { writeOtlpJsonMessage } from './otlp-json-writer.js';

/**
 * A trace export request as an OTLP/JSON object, ready for `JSON.stringify`:
 * lowercase hex ids, lowerCamelCase keys, enums as integers, 64-bit integers as
 * decimal strings, default values left out. {@link traceRequestFromOtlpJson} reads it back.
 */
export function traceRequestToOtlpJson(request: ExportTraceServiceRequest): JsonObject {
  return writeOtlpJsonMessage(ExportTraceServiceRequestSchema, request);
}

/** A logs export request as an OTLP/JSON object; see {@link traceRequestToOtlpJson}. */
export function logsRequestToOtlpJson(request: ExportLogsServiceRequest): JsonObject {
  return writeOtlpJsonMessage(ExportLogsServiceRequestSchema, request);
}

/** Any message of these protos as an OTLP/JSON object. */
export function messageToOtlpJson<Desc extends DescMessage>(schema: Desc, message: MessageShape<Desc>): JsonObject {
  return writeOtlpJsonMessage(schema, message);
}

import { toBinary } from '@bufbuild/protobuf';
import { ExportLogsServiceRequestSchema } from './gen/opentelemetry/proto/collector/logs/v1/logs_service_pb.js';
import type { ExportLogsServiceRequest } from './gen/opentelemetry/proto/collector/logs/v1/logs_service_pb.js';
import { ExportTraceServiceRequestSchema } from './gen/opentelemetry/proto/collector/trace/v1/trace_service_pb.js';
import type { ExportTraceServiceRequest } from './gen/opentelemetry/proto/collector/trace/v1/trace_service_pb.js';

/** Encodes a trace export request as OTLP/protobuf (what the stream and OTLP exporters carry). */
export function encodeTraceRequest(request: ExportTraceServiceRequest): Uint8Array<ArrayBuffer> {
  return toBinary(ExportTraceServiceRequestSchema, request);
}

/** Encodes a logs export request as OTLP/protobuf. */
export function encodeLogsRequest(request: ExportLogsServiceRequest): Uint8Array<ArrayBuffer> {
  return toBinary(ExportLogsServiceRequestSchema, request);
}

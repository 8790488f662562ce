import { fromBinary } from '@bufbuild/protobuf';
import type { DescMessage, MessageShape } from '@bufbuild/protobuf';
import { ExportLogsServiceRequestSchema } from './gen/opentelemetry/proto/collector/logs/v1/logs_service_pb.js';
import type { ExportLogsServiceRequest } from './gen/opentelemetry/proto/collector/logs/v1/logs_service_pb.js';
import { ExportTraceServiceRequestSchema } from './gen/opentelemetry/proto/collector/trace/v1/trace_service_pb.js';
import type { ExportTraceServiceRequest } from './gen/opentelemetry/proto/collector/trace/v1/trace_service_pb.js';
import { ProtoDecodeError } from './errors.js';

/**
 * Decodes an OTLP/protobuf trace export body (OTLP/HTTP `application/x-protobuf`,
 * or an OTLP/gRPC message). Unknown fields are kept, so re-encoding preserves them.
 *
 * @throws {ProtoDecodeError} code `invalid_protobuf` when the bytes are not a valid encoding.
 */
export function decodeTraceRequest(bytes: Uint8Array): ExportTraceServiceRequest {
  return decodeMessage(ExportTraceServiceRequestSchema, bytes);
}

/**
 * Decodes an OTLP/protobuf logs export body.
 *
 * @throws {ProtoDecodeError} code `invalid_protobuf` when the bytes are not a valid encoding.
 */
export function decodeLogsRequest(bytes: Uint8Array): ExportLogsServiceRequest {
  return decodeMessage(ExportLogsServiceRequestSchema, bytes);
}

/**
 * Decodes any message of these protos, turning the decoder's failures (truncated
 * input, bad wire types, invalid UTF-8 in strings) into {@link ProtoDecodeError}.
 */
export function decodeMessage<Desc extends DescMessage>(schema: Desc, bytes: Uint8Array): MessageShape<Desc> {
  try {
    return fromBinary(schema, bytes);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new ProtoDecodeError(`invalid OTLP protobuf ${schema.name}: ${reason}`, { cause: err });
  }
}

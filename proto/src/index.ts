// @lumina/proto: the OTLP messages generated from ../protos (run `npm run proto`)
// and the few conversions every service needs around them.
export * from './gen/opentelemetry/proto/common/v1/common_pb.js';
export * from './gen/opentelemetry/proto/resource/v1/resource_pb.js';
export * from './gen/opentelemetry/proto/trace/v1/trace_pb.js';
export * from './gen/opentelemetry/proto/logs/v1/logs_pb.js';
export * from './gen/opentelemetry/proto/collector/trace/v1/trace_service_pb.js';
export * from './gen/opentelemetry/proto/collector/logs/v1/logs_service_pb.js';

export { OtlpJsonError, ProtoDecodeError } from './errors.js';
export { decodeLogsRequest, decodeMessage, decodeTraceRequest } from './decode.js';
export { encodeLogsRequest, encodeTraceRequest } from './encode.js';
export {
  encodeLogsResponse,
  encodeTraceResponse,
  logsResponse,
  logsResponseToJson,
  traceResponse,
  traceResponseToJson,
} from './export-response.js';
export type { LogsPartialSuccessInit, TracePartialSuccessInit } from './export-response.js';
export { logsRequestFromOtlpJson, messageFromOtlpJson, traceRequestFromOtlpJson } from './from-otlp-json.js';
export { logsRequestToOtlpJson, messageToOtlpJson, traceRequestToOtlpJson } from './to-otlp-json.js';
export { bytesToHex, hexToBytes } from './hex.js';
export {
  anyValueToJson,
  attributesToKeyValuesJson,
  jsonToAnyValueJson,
  keyValuesToAttributes,
  type AnyValueJson,
  type KeyValueJson,
} from './attributes.js';
export { flattenTraceRequest } from './flatten.js';
export { decodeFlatSpans } from './flat-decode.js';
export { scanTraceRequest, type TraceRequestScan } from './scan-trace-request.js';
export { dropLogRecordsOfTraces, genAiEventsOfLogsRequest, keepGenAiEventRecords } from './gen-ai-events.js';

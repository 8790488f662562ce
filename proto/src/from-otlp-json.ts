import type { DescMessage, MessageShape } from '@bufbuild/protobuf';
import { ExportLogsServiceRequestSchema } from './gen/opentelemetry/proto/collector/logs/v1/logs_service_pb.js';
import type { ExportLogsServiceRequest } from './gen/opentelemetry/proto/collector/logs/v1/logs_service_pb.js';
import { ExportTraceServiceRequestSchema } from './gen/opentelemetry/proto/collector/trace/v1/trace_service_pb.js';
import type { ExportTraceServiceRequest } from './gen/opentelemetry/proto/collector/trace/v1/trace_service_pb.js';
import { OtlpJsonError } from './errors.js';
import { readOtlpJsonMessage } from './otlp-json-reader.js';

/**
 * Reads an OTLP/JSON trace export (OTLP/HTTP `application/json`): hex trace and
 * span ids, enums as integers or names, 64-bit integers as strings or numbers,
 * lowerCamelCase or snake_case keys, unknown fields ignored. Takes the parsed
 * document, or its text as a string or UTF-8 bytes.
 *
 * @throws {OtlpJsonError} code `invalid_json`, with the path of the first bad value.
 */
export function traceRequestFromOtlpJson(json: unknown): ExportTraceServiceRequest {
  return messageFromOtlpJson(ExportTraceServiceRequestSchema, json);
}

/**
 * Reads an OTLP/JSON logs export; same rules as {@link traceRequestFromOtlpJson}.
 *
 * @throws {OtlpJsonError} code `invalid_json`, with the path of the first bad value.
 */
export function logsRequestFromOtlpJson(json: unknown): ExportLogsServiceRequest {
  return messageFromOtlpJson(ExportLogsServiceRequestSchema, json);
}

/**
 * Reads any message of these protos from OTLP/JSON (parsed, or text as a string or UTF-8 bytes).
 *
 * @throws {OtlpJsonError} code `invalid_json`.
 */
export function messageFromOtlpJson<Desc extends DescMessage>(schema: Desc, json: unknown): MessageShape<Desc> {
  return readOtlpJsonMessage(schema, typeof json === 'string' || json instanceof Uint8Array ? parseJsonText(json) : json);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function parseJsonText(text: string | Uint8Array): unknown {
  try {
    return JSON.parse(typeof text === 'string' ? text : utf8.decode(text));
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new OtlpJsonError(`not valid JSON text: ${reason}`, '', { cause: err });
  }
}

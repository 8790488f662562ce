import { decodeTraceRequest, traceRequestFromOtlpJson } from '@lumina/proto';
import type { ExportTraceServiceRequest } from '@lumina/proto';

const OPEN_BRACE = 0x7b;
const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);

/**
 * True when the payload is OTLP/JSON. A protobuf ExportTraceServiceRequest can never start
 * with '{' (it would be field 15 as a group), so sniffing the first byte is unambiguous.
 */
function isJsonPayload(payload: Uint8Array): boolean {
  for (const byte of payload) {
    if (WHITESPACE.has(byte)) continue;
    return byte === OPEN_BRACE;
  }
  return false;
}

/**
 * Decodes a message from the spans subject, whoever published it: ingest (protobuf) or a
 * collector's NATS exporter (otlp_proto or otlp_json).
 */
export function decodeSpansMessage(payload: Uint8Array): ExportTraceServiceRequest {
  // The OTLP/JSON reader takes the UTF-8 bytes as they are.
  if (isJsonPayload(payload)) return traceRequestFromOtlpJson(payload);
  return decodeTraceRequest(payload);
}

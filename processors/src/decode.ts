import { DEFAULT_PROJECT_ID, PROJECT_ID_HEADER, type FlatSpan } from '@lumina/core';
import { decodeFlatSpans, flattenTraceRequest, traceRequestFromOtlpJson } from '@lumina/proto';
import type { JsMsg } from '@nats-io/jetstream';
import { eachDelivery, type Stage } from './stage.js';

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
 * The spans of a message from the spans subject, whoever published it: ingest (protobuf) or a
 * collector's NATS exporter (otlp_proto or otlp_json). Protobuf, the common case, is walked
 * straight into FlatSpans, without the request's object tree.
 */
export function decodeSpansMessage(payload: Uint8Array): FlatSpan[] {
  // The OTLP/JSON reader takes the UTF-8 bytes as they are.
  if (isJsonPayload(payload)) return flattenTraceRequest(traceRequestFromOtlpJson(payload));
  return decodeFlatSpans(payload);
}

/** The project a message's spans belong to: its header, or the default project (publishers that set none). */
function projectOf(message: JsMsg): string {
  return message.headers?.get(PROJECT_ID_HEADER) || DEFAULT_PROJECT_ID;
}

/** Stage: payload bytes → flattened spans, and the project they belong to. */
export const decode: Stage = eachDelivery('decode', (delivery) => {
  delivery.projectId = projectOf(delivery.message);
  delivery.flat = decodeSpansMessage(delivery.message.data);
});

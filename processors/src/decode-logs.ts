import { DEFAULT_PROJECT_ID, PROJECT_ID_HEADER } from '@lumina/core';
import { decodeLogsRequest, genAiEventsOfLogsRequest, logsRequestFromOtlpJson } from '@lumina/proto';
import { eachDelivery, type Stage } from './stage.js';

const OPEN_BRACE = 0x7b;
const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);

function isJsonPayload(payload: Uint8Array): boolean {
  for (const byte of payload) {
    if (WHITESPACE.has(byte)) continue;
    return byte === OPEN_BRACE;
  }
  return false;
}

/**
 * Stage (logs stream): payload → the gen_ai events tied to a span, keyed, whoever published it
 * (ingest: protobuf, gen_ai events only; the collector's NATS exporter: otlp_proto or otlp_json,
 * filtered by the collector). Other records are skipped.
 */
export const decodeLogs: Stage = eachDelivery('decode_logs', (delivery) => {
  delivery.projectId = delivery.message.headers?.get(PROJECT_ID_HEADER) || DEFAULT_PROJECT_ID;
  const payload = delivery.message.data;
  delivery.logEvents = genAiEventsOfLogsRequest(isJsonPayload(payload) ? logsRequestFromOtlpJson(payload) : decodeLogsRequest(payload));
});

import { decodeTraceRequest, encodeTraceRequest, scanTraceRequest, traceRequestFromOtlpJson } from '@lumina/proto';
import type { ExportTraceServiceRequest, TraceRequestScan } from '@lumina/proto';
import { IngestError } from './errors.js';
import { dropSpansNestedTooDeep, MAX_ATTRIBUTE_DEPTH } from './value-depth.js';

/** What ingest publishes for one export request, and what it tells the client. */
export interface AcceptedExport {
  /** ExportTraceServiceRequest protobuf bytes: the request's own bytes when nothing was rejected */
  payload: Uint8Array;
  /**
   * The decoded request (valid spans only), decoded on first call: only splitting a payload the
   * queue cannot take whole and dropping traces over the daily limit need it.
   */
  request: () => ExportTraceServiceRequest;
  /** the hex trace ids of the accepted spans */
  traceIds: ReadonlySet<string>;
  acceptedSpans: number;
  rejectedSpans: number;
  rejectionReason: string;
}

const TRACE_ID_BYTES = 16;
const SPAN_ID_BYTES = 8;

function isZero(bytes: Uint8Array): boolean {
  for (const byte of bytes) if (byte !== 0) return false;
  return true;
}

function hasValidIds(span: { traceId: Uint8Array; spanId: Uint8Array; parentSpanId: Uint8Array }): boolean {
  return (
    span.traceId.length === TRACE_ID_BYTES &&
    !isZero(span.traceId) &&
    span.spanId.length === SPAN_ID_BYTES &&
    !isZero(span.spanId) &&
    (span.parentSpanId.length === 0 || span.parentSpanId.length === SPAN_ID_BYTES)
  );
}

/** Drops spans whose ids are malformed (OTLP partial success); returns how many were kept and dropped. */
function dropSpansWithInvalidIds(request: ExportTraceServiceRequest): { kept: number; dropped: number } {
  let kept = 0;
  let dropped = 0;
  for (const resourceSpans of request.resourceSpans) {
    for (const scopeSpans of resourceSpans.scopeSpans) {
      const valid = scopeSpans.spans.filter(hasValidIds);
      dropped += scopeSpans.spans.length - valid.length;
      kept += valid.length;
      if (valid.length !== scopeSpans.spans.length) scopeSpans.spans = valid;
    }
  }
  return { kept, dropped };
}

function accept(request: ExportTraceServiceRequest, original: Uint8Array | null): AcceptedExport {
  // A protobuf body that decoded is within the decoder's depth; only OTLP/JSON can nest deeper.
  const tooDeep = original === null ? dropSpansNestedTooDeep(request) : 0;
  const { kept, dropped } = dropSpansWithInvalidIds(request);
  const payload = dropped === 0 && tooDeep === 0 && original !== null ? original : encodeTraceRequest(request);
  const reasons = [
    dropped === 0 ? '' : `${dropped} span(s) had a trace id that is not 16 bytes or a span id that is not 8 bytes`,
    tooDeep === 0 ? '' : `${tooDeep} span(s) had attribute values (their own, their events', links', resource's or scope's) nested deeper than ${MAX_ATTRIBUTE_DEPTH} levels`,
  ];
  return {
    payload,
    request: () => request,
    traceIds: traceIdsOf(request),
    acceptedSpans: kept,
    rejectedSpans: dropped + tooDeep,
    rejectionReason: reasons.filter(Boolean).join('; '),
  };
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The hex trace ids of the request's spans. */
export function traceIdsOf(request: ExportTraceServiceRequest): Set<string> {
  const ids = new Set<string>();
  for (const resourceSpans of request.resourceSpans) {
    for (const scopeSpans of resourceSpans.scopeSpans) for (const span of scopeSpans.spans) ids.add(Buffer.from(span.traceId).toString('hex'));
  }
  return ids;
}

/** The export without the spans of `traces` (refused by the daily limit), reported as rejected. */
export function withoutTraces(accepted: AcceptedExport, traces: ReadonlySet<string>, reason: string): AcceptedExport {
  const request = accepted.request();
  let dropped = 0;
  for (const resourceSpans of request.resourceSpans) {
    for (const scopeSpans of resourceSpans.scopeSpans) {
      const kept = scopeSpans.spans.filter((span) => !traces.has(Buffer.from(span.traceId).toString('hex')));
      dropped += scopeSpans.spans.length - kept.length;
      scopeSpans.spans = kept;
    }
  }
  return {
    payload: encodeTraceRequest(request),
    request: () => request,
    traceIds: new Set([...accepted.traceIds].filter((id) => !traces.has(id))),
    acceptedSpans: accepted.acceptedSpans - dropped,
    rejectedSpans: accepted.rejectedSpans + dropped,
    rejectionReason: [accepted.rejectionReason, `${dropped} span(s) of ${traces.size} new trace(s): ${reason}`].filter(Boolean).join('; '),
  };
}

function decodeProtobuf(body: Uint8Array): ExportTraceServiceRequest {
  try {
    return decodeTraceRequest(body);
  } catch (error) {
    throw new IngestError('invalid_protobuf', `the body is not an OTLP ExportTraceServiceRequest: ${reason(error)}`);
  }
}

/** The request decoded on first use, once. */
function decodedOnce(body: Uint8Array): () => ExportTraceServiceRequest {
  let request: ExportTraceServiceRequest | undefined;
  return () => (request ??= decodeProtobuf(body));
}

/** acceptProtobuf by decoding the whole body into messages: the path for bodies with spans to drop. */
export function acceptProtobufDecoded(body: Uint8Array): AcceptedExport {
  return accept(decodeProtobuf(body), body);
}

/**
 * Validates an OTLP protobuf body; the stream carries it unchanged when every span is valid.
 * One scan of the bytes decides that, without building the messages (most of ingest's CPU and
 * garbage once); the body is decoded only when spans must be dropped or the payload split.
 */
export function acceptProtobuf(body: Uint8Array): AcceptedExport {
  let scan: TraceRequestScan;
  try {
    scan = scanTraceRequest(body);
  } catch {
    // The scanner rejects what the decoder rejects; the decoder names the problem.
    return acceptProtobufDecoded(body);
  }
  if (scan.invalidSpans > 0) return acceptProtobufDecoded(body);
  return { payload: body, request: decodedOnce(body), traceIds: scan.traceIds, acceptedSpans: scan.spanCount, rejectedSpans: 0, rejectionReason: '' };
}

/** Validates an OTLP/JSON body and converts it to protobuf, so the stream carries one format. */
export function acceptJson(body: Uint8Array): AcceptedExport {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
  } catch (error) {
    throw new IngestError('invalid_json', `the body is not valid JSON: ${reason(error)}`);
  }
  let request: ExportTraceServiceRequest;
  try {
    request = traceRequestFromOtlpJson(parsed);
  } catch (error) {
    throw new IngestError('invalid_json', `the body is not an OTLP/JSON ExportTraceServiceRequest: ${reason(error)}`);
  }
  return accept(request, null);
}

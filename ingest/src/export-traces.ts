import { IngestError } from './errors.js';
import { acceptJson, acceptProtobuf, type AcceptedExport } from './accept.js';
import { splitTraceRequest } from './split.js';
import type { IngestMetrics } from './metrics.js';
import type { SpanQueue } from './queue.js';

export type OtlpEncoding = 'protobuf' | 'json';

/**
 * The one path every transport takes: validate, publish for the caller's project, and only then report success.
 * An empty request is acknowledged without touching the queue.
 */
export async function exportTraces(
  body: Uint8Array,
  encoding: OtlpEncoding,
  projectId: string,
  queue: SpanQueue,
  metrics: IngestMetrics,
): Promise<AcceptedExport> {
  const accepted = encoding === 'json' ? acceptJson(body) : acceptProtobuf(body);
  const stored = accepted.acceptedSpans > 0 ? await publishWithinLimit(accepted, projectId, queue) : accepted;
  metrics.spansAccepted.inc(stored.acceptedSpans);
  metrics.spansRejected.inc(stored.rejectedSpans);
  return stored;
}

/**
 * Publishes the payload whole when the NATS server takes it, else in chunks under its
 * max_payload; a single span larger than that is rejected (OTLP partial success).
 */
async function publishWithinLimit(accepted: AcceptedExport, projectId: string, queue: SpanQueue): Promise<AcceptedExport> {
  const limit = queue.maxPayloadBytes();
  if (accepted.payload.length <= limit) {
    await queue.publish(accepted.payload, projectId);
    return accepted;
  }
  const { chunks, oversizedSpans } = splitTraceRequest(accepted.request, limit);
  for (const chunk of chunks) await queue.publish(chunk, projectId);
  if (oversizedSpans === 0) return accepted;
  const reason = `${oversizedSpans} span(s) were larger than the queue's message limit of ${limit} bytes`;
  return {
    ...accepted,
    acceptedSpans: accepted.acceptedSpans - oversizedSpans,
    rejectedSpans: accepted.rejectedSpans + oversizedSpans,
    rejectionReason: [accepted.rejectionReason, reason].filter(Boolean).join('; '),
  };
}

/** Which OTLP encoding a Content-Type names, or an unsupported_media_type error. */
export function encodingOfContentType(contentType: string | null): OtlpEncoding {
  const mediaType = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (mediaType === 'application/x-protobuf' || mediaType === 'application/protobuf') return 'protobuf';
  if (mediaType === 'application/json') return 'json';
  throw new IngestError(
    'unsupported_media_type',
    `Content-Type '${mediaType || '(none)'}' is not supported; send application/x-protobuf or application/json`,
  );
}

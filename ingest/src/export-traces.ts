import { IngestError } from './errors.js';
import { acceptJson, acceptProtobuf, type AcceptedExport } from './accept.js';
import type { IngestMetrics } from './metrics.js';
import type { SpanQueue } from './queue.js';

export type OtlpEncoding = 'protobuf' | 'json';

/**
 * The one path every transport takes: validate, publish, and only then report success.
 * An empty request is acknowledged without touching the queue.
 */
export async function exportTraces(
  body: Uint8Array,
  encoding: OtlpEncoding,
  queue: SpanQueue,
  metrics: IngestMetrics,
): Promise<AcceptedExport> {
  const accepted = encoding === 'json' ? acceptJson(body) : acceptProtobuf(body);
  if (accepted.acceptedSpans > 0) {
    await queue.publish(accepted.payload);
  }
  metrics.spansAccepted.inc(accepted.acceptedSpans);
  metrics.spansRejected.inc(accepted.rejectedSpans);
  return accepted;
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

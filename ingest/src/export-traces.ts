import { IngestError } from './errors.js';
import { acceptJson, acceptProtobuf, withoutTraces, type AcceptedExport } from './accept.js';
import type { DailyLimiter } from './daily-limit.js';
import { splitTraceRequest } from './split.js';
import type { IngestMetrics } from './metrics.js';
import type { SpanQueue } from './queue.js';

export type OtlpEncoding = 'protobuf' | 'json';

/** What the export path needs besides the request. */
export interface ExportDeps {
  queue: SpanQueue;
  metrics: IngestMetrics;
  limiter: DailyLimiter;
  now: () => number;
}

/**
 * The one path every transport takes: validate, admit under the project's daily trace limit,
 * publish for the caller's project, and only then report success. An empty request is
 * acknowledged without touching the queue.
 */
export async function exportTraces(body: Uint8Array, encoding: OtlpEncoding, projectId: string, deps: ExportDeps): Promise<AcceptedExport> {
  const accepted = encoding === 'json' ? acceptJson(body) : acceptProtobuf(body);
  const admitted = accepted.acceptedSpans > 0 ? await admitToday(accepted, projectId, deps) : accepted;
  const stored = admitted.acceptedSpans > 0 ? await publishWithinLimit(admitted, projectId, deps.queue) : admitted;
  deps.metrics.spansAccepted.inc(stored.acceptedSpans);
  deps.metrics.spansRejected.inc(stored.rejectedSpans);
  return stored;
}

/**
 * The daily trace limit: spans of traces already counted today always pass; new traces past
 * the limit are dropped (partial success), and a request of nothing but those is a 429 /
 * RESOURCE_EXHAUSTED that names the reset time and asks to retry after it.
 */
async function admitToday(accepted: AcceptedExport, projectId: string, deps: ExportDeps): Promise<AcceptedExport> {
  const nowMs = deps.now();
  const { refused, limit, resetAt } = await deps.limiter.admit(projectId, accepted.traceIds, nowMs);
  if (refused.size === 0) return accepted;
  const reason = `the daily limit of ${limit} traces for project ${projectId} is reached; it resets at ${resetAt.toISOString()}`;
  const admitted = withoutTraces(accepted, refused, reason);
  deps.metrics.spansOverLimit.inc(admitted.rejectedSpans - accepted.rejectedSpans);
  if (admitted.acceptedSpans > 0) return admitted;
  throw new IngestError('daily_limit_exceeded', reason, Math.max(1, Math.ceil((resetAt.getTime() - nowMs) / 1000)));
}

/**
 * Publishes the payload whole when the NATS server takes it, else in chunks under its
 * max_payload; a single span larger than that is rejected (OTLP partial success).
 */
async function publishWithinLimit(accepted: AcceptedExport, projectId: string, queue: SpanQueue): Promise<AcceptedExport> {
  const limit = queue.maxPayloadBytes();
  if (accepted.payload.length <= limit) {
    await queue.publish(accepted.payload, projectId, accepted.acceptedSpans);
    return accepted;
  }
  const { chunks, oversizedSpans } = splitTraceRequest(accepted.request(), limit);
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

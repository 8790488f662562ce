/** The span status of API.md (`ok | error | degraded`) from OTel status and finish reason. */
import type { OtelStatusCode, SpanStatus } from '../span.js';
import { canonicalFinishReason } from './finish-reason.js';

const OTEL_STATUS_ERROR = 2;

/**
 * Finish reasons that change an otherwise successful span's status: output cut
 * short (`length`) or withheld (`content_filter`) is a degraded answer; a
 * generation that ended in `error` failed even when the span was not marked so.
 */
const STATUS_BY_FINISH_REASON: ReadonlyMap<string, SpanStatus> = new Map([
  ['length', 'degraded'],
  ['content_filter', 'degraded'],
  ['error', 'error'],
]);

/**
 * `error` when the OTel status is ERROR (2), else what the finish reason says
 * (raw or canonical: it is mapped first), else `ok`.
 */
export function deriveSpanStatus(statusCode: OtelStatusCode, finishReason: string | null): SpanStatus {
  if (statusCode === OTEL_STATUS_ERROR) return 'error';
  const reason = finishReason === null ? null : canonicalFinishReason(finishReason);
  return (reason !== null && STATUS_BY_FINISH_REASON.get(reason)) || 'ok';
}

import type { QualitySignal } from '../span.js';

/**
 * Scores of the canonical finish reasons (core/src/normalize/finish-reason.ts) that say a call
 * went wrong. `length`: cut off at the token limit, the answer is incomplete; `content_filter`:
 * the provider withheld or stopped the answer; `error`: the call failed.
 */
export const FINISH_REASON_SCORES: Readonly<Record<string, number>> = { length: 0.3, content_filter: 0.1, error: 0 };

/**
 * The finish-reason signal: a low score for `length`, `content_filter` and `error`, and for a
 * span whose status is `error`; 1 for any other known reason; null when there is neither a
 * reason nor an error status (nothing to judge).
 */
export function finishReasonSignal(finishReason: string | null, status: 'ok' | 'error' | 'degraded'): QualitySignal | null {
  if (status === 'error') return { score: 0, detail: finishReason === null ? 'status_error' : `status_error:${finishReason}` };
  if (finishReason === null) return null;
  return { score: FINISH_REASON_SCORES[finishReason] ?? 1, detail: finishReason };
}

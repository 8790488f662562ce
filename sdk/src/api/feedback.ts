/** Feedback on a span: `POST /api/spans/{trace_id}/{span_id}/feedback` on the query API. */
import { LuminaError } from '../errors.js';
import { requestJson, type ApiTarget } from './http-json.js';

/** A judgement of one call, from a user or an evaluator. */
export interface Feedback {
  /** from 0 (bad) to 1 (good) */
  score: number;
  comment?: string;
  /** who gave it, e.g. `user`, `thumbs`, `eval:relevance` */
  source?: string;
}

const TRACE_ID = /^[0-9a-f]{32}$/;
const SPAN_ID = /^[0-9a-f]{16}$/;

/** Checks the ids and score before sending; throws `LuminaError('invalid_argument')`. */
function validate(traceId: string, spanId: string, feedback: Feedback): void {
  if (!TRACE_ID.test(traceId)) throw new LuminaError('invalid_argument', `traceId must be 32 lowercase hex characters, got ${traceId}`);
  if (!SPAN_ID.test(spanId)) throw new LuminaError('invalid_argument', `spanId must be 16 lowercase hex characters, got ${spanId}`);
  if (!(typeof feedback.score === 'number' && feedback.score >= 0 && feedback.score <= 1)) {
    throw new LuminaError('invalid_argument', `score must be a number from 0 to 1, got ${String(feedback.score)}`);
  }
}

/** Posts feedback for a span; resolves with the API's answer. */
export async function postFeedback(target: ApiTarget, traceId: string, spanId: string, feedback: Feedback): Promise<unknown> {
  validate(traceId, spanId, feedback);
  const body: Record<string, unknown> = { score: feedback.score };
  if (feedback.comment !== undefined) body.comment = feedback.comment;
  if (feedback.source !== undefined) body.source = feedback.source;
  return requestJson(target, 'POST', `/api/spans/${traceId}/${spanId}/feedback`, body);
}

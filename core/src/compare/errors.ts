import { LuminaError } from '../errors.js';

/** Stable codes of {@link JudgeReplyError}. */
export type JudgeReplyErrorCode = 'judge_reply_not_json' | 'judge_reply_invalid';

/** A judge's reply that is not the JSON verdict the judge prompt asks for. */
export class JudgeReplyError extends LuminaError {
  declare readonly code: JudgeReplyErrorCode;
  constructor(code: JudgeReplyErrorCode, message: string, details?: unknown) {
    super(code, message, details);
  }
}

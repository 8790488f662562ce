import { LuminaError } from '../errors.js';

/** Stable codes of {@link ReplayError}. */
export type ReplayErrorCode =
  /** the stored call has no prompt, or no model, so there is nothing to send */
  | 'not_replayable'
  /** a provider answered with a body that is not the documented shape */
  | 'malformed_provider_response'
  /** a replay override that cannot be applied (e.g. a prompt template without `{{input}}`) */
  | 'invalid_override'
  /** a request cannot be expressed for the target provider */
  | 'unsupported_request';

/** An error of the replay logic, with a code the replay service can switch on. */
export class ReplayError extends LuminaError {
  declare readonly code: ReplayErrorCode;
  constructor(code: ReplayErrorCode, message: string, details?: unknown) {
    super(code, message, details);
  }
}

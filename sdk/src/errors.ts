/** Errors thrown by the SDK, each with a stable `code` callers can switch on. */

/** Codes of {@link LuminaError}. */
export type LuminaErrorCode =
  | 'invalid_option'
  | 'invalid_sampling_condition'
  | 'provider_not_extensible'
  | 'invalid_argument'
  | 'request_failed';

/** A misuse of the SDK or a failure of one of its own operations. */
export class LuminaError extends Error {
  override readonly name = 'LuminaError';
  /** Stable, snake_case: what went wrong. */
  readonly code: LuminaErrorCode;

  /** @param code what went wrong; @param message human text */
  constructor(code: LuminaErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/**
 * A Lumina HTTP API (query API, replay) answered with a non-2xx status. `code` and `message`
 * come from the API's `{"error": {"code", "message"}}` body when it has one.
 */
export class LuminaApiError extends Error {
  override readonly name = 'LuminaApiError';
  /** The API's stable error code, or `http_<status>` when the body had none. */
  readonly code: string;
  /** The HTTP status. */
  readonly status: number;
  /** The API's `details`, when given. */
  readonly details: unknown;

  /** @param status HTTP status; @param code the API's error code; @param message its text */
  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

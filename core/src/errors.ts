/** Base of every typed error: a stable snake_case code callers can switch on. */
export class LuminaError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The JSON body every service answers a non-2xx with (API.md "Errors"). */
export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

/** Builds the error body of API.md from a code and a message. */
export function errorBody(code: string, message: string, details?: unknown): ErrorBody {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

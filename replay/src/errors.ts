import { LuminaError, errorBody, type ErrorBody } from '@lumina/core';

export type ReplayApiErrorCode =
  | 'invalid_parameter'
  | 'unknown_parameter'
  | 'invalid_body'
  | 'unsupported_media_type'
  | 'trace_not_found'
  | 'nothing_to_replay'
  | 'too_many_traces'
  | 'invalid_override'
  | 'not_found'
  | 'replay_running'
  | 'database_unavailable'
  | 'query_timeout'
  | 'internal_error';

/** An error the replay API answers with; the code decides the HTTP status (see STATUS_BY_CODE). */
export class ReplayApiError extends LuminaError {
  constructor(
    override readonly code: ReplayApiErrorCode,
    message: string,
    details?: unknown,
  ) {
    super(code, message, details);
  }
}

type Status = 400 | 404 | 409 | 415 | 500 | 503;

const STATUS_BY_CODE: Record<ReplayApiErrorCode, Status> = {
  invalid_parameter: 400,
  unknown_parameter: 400,
  invalid_body: 400,
  unsupported_media_type: 415,
  trace_not_found: 400,
  nothing_to_replay: 400,
  too_many_traces: 400,
  invalid_override: 400,
  not_found: 404,
  replay_running: 409,
  database_unavailable: 503,
  query_timeout: 503,
  internal_error: 500,
};

/** The one place errors become HTTP: typed errors keep their code, anything else is a 500 without details. */
export function errorResponse(error: unknown): { status: Status; body: ErrorBody } {
  if (error instanceof ReplayApiError) {
    return { status: STATUS_BY_CODE[error.code], body: errorBody(error.code, error.message, error.details) };
  }
  return { status: 500, body: errorBody('internal_error', 'the request failed; the error is logged') };
}

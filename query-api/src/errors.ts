import { HTTPException } from 'hono/http-exception';
import { LuminaError, errorBody, type ErrorBody } from '@lumina/core';

export type QueryApiErrorCode =
  | 'invalid_parameter'
  | 'unknown_parameter'
  | 'invalid_body'
  | 'unsupported_media_type'
  | 'not_found'
  | 'database_unavailable'
  | 'query_timeout'
  | 'internal_error';

/** An error the query API answers with; the code decides the HTTP status (see STATUS_BY_CODE). */
export class QueryApiError extends LuminaError {
  constructor(
    override readonly code: QueryApiErrorCode,
    message: string,
    details?: unknown,
  ) {
    super(code, message, details);
  }
}

/** A bad query or path parameter, named so that the caller can fix it. */
export function invalidParameter(parameter: string, problem: string): QueryApiError {
  return new QueryApiError('invalid_parameter', `${parameter}: ${problem}`, { parameter });
}

type Status = 400 | 404 | 415 | 500 | 503;

const STATUS_BY_CODE: Record<QueryApiErrorCode, Status> = {
  invalid_parameter: 400,
  unknown_parameter: 400,
  invalid_body: 400,
  unsupported_media_type: 415,
  not_found: 404,
  database_unavailable: 503,
  query_timeout: 503,
  internal_error: 500,
};

/** The one place errors become HTTP: typed errors keep their code, anything else is a 500 without details. */
export function errorResponse(error: unknown): { status: Status; body: ErrorBody } {
  // Hono's body validator throws this for a body that is not JSON.
  if (error instanceof HTTPException && error.status === 400) {
    return { status: 400, body: errorBody('invalid_body', `the request body is not valid JSON: ${error.message}`) };
  }
  // The OpenAPI body validator throws this for a body that is not application/json.
  if (error instanceof HTTPException && error.status === 415) {
    return { status: 415, body: errorBody('unsupported_media_type', 'the body must be application/json') };
  }
  if (error instanceof QueryApiError) {
    return { status: STATUS_BY_CODE[error.code], body: errorBody(error.code, error.message, error.details) };
  }
  return { status: 500, body: errorBody('internal_error', 'the query failed; the error is logged') };
}

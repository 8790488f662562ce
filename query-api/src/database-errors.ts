import { QueryApiError } from './errors.js';

/** Node socket errors and Postgres SQLSTATEs that mean "the database is not there right now". */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'EAI_AGAIN',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '53300', // too_many_connections
  '3D000', // invalid_catalog_name: the database does not exist
]);
const UNAVAILABLE_MESSAGES = [/connection terminated/i, /timeout exceeded when trying to connect/i, /connection error/i, /Client has encountered a connection error/i];

/** Turns a pg error into the typed error the API answers with; other errors pass through. */
export function classifyDatabaseError(error: unknown): unknown {
  if (error instanceof QueryApiError) return error;
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  if (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || code.startsWith('08'))) return databaseUnavailable();
  if (UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message))) return databaseUnavailable();
  if (code === '57014') return new QueryApiError('query_timeout', 'the query took too long and was cancelled; narrow the time range or filters');
  return error;
}

function databaseUnavailable(): QueryApiError {
  return new QueryApiError('database_unavailable', 'the database is unavailable; retry shortly');
}

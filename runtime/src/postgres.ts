import pg from 'pg';
import type { Logger } from 'pino';
import { errorText } from './logger.js';

export interface PoolOptions {
  url: string;
  max: number;
  /** shown in pg_stat_activity */
  applicationName: string;
  connectTimeoutMs?: number;
  /** a statement running longer is cancelled (SQLSTATE 57014) */
  statementTimeoutMs?: number;
}

/** A pool whose idle connections may fail without taking the process down (the next query reconnects). */
export function openPool(options: PoolOptions, logger: Logger): pg.Pool {
  const settings = ['-c jit=off', ...(options.statementTimeoutMs ? [`-c statement_timeout=${options.statementTimeoutMs}`] : [])];
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.max,
    application_name: options.applicationName,
    idleTimeoutMillis: 30_000,
    options: settings.join(' '),
    ...(options.connectTimeoutMs ? { connectionTimeoutMillis: options.connectTimeoutMs } : {}),
  });
  pool.on('error', (error) => logger.warn({ err: errorText(error) }, 'idle database connection failed'));
  return pool;
}

/** A pool as the readers' `Queryable` (rows for a query). */
export function queryRows(pool: pg.Pool): { rows<Row>(query: { text: string; values: unknown[] }): Promise<Row[]> } {
  return { rows: async <Row>(query: { text: string; values: unknown[] }) => (await pool.query(query.text, query.values)).rows as Row[] };
}

/**
 * What a database failure means for the caller:
 * - `unavailable`: Postgres cannot be reached or refuses work right now; retry the same thing later;
 * - `timeout`: the statement was cancelled for running too long;
 * - `rejected`: Postgres refused this statement or these rows; retrying will not help.
 * - `bug`: not a database failure at all (a programming error); let it surface.
 */
export type DatabaseFailure = 'unavailable' | 'timeout' | 'rejected' | 'bug';

/** SQLSTATE classes and codes that mean "not now" rather than "not this". */
const UNAVAILABLE_SQLSTATE_CLASSES = ['08', '53', '57P', '58'];
const UNAVAILABLE_SQLSTATES = new Set(['3D000']); // the database does not exist (yet)
const QUERY_CANCELED = '57014';
const PROGRAMMING_ERRORS = [TypeError, RangeError, SyntaxError, ReferenceError];

/**
 * Classifies an error thrown by a pg call by its class and SQLSTATE, never by message text:
 * the server reports every problem it has with a statement as a `DatabaseError` with a
 * SQLSTATE; anything else the driver throws (a socket error, a connection terminated or
 * timed out, a client no longer queryable) means the conversation with the server broke.
 */
export function classifyDatabaseError(error: unknown): DatabaseFailure {
  if (error instanceof pg.DatabaseError) {
    const code = error.code ?? '';
    if (code === QUERY_CANCELED) return 'timeout';
    if (UNAVAILABLE_SQLSTATES.has(code) || UNAVAILABLE_SQLSTATE_CLASSES.some((prefix) => code.startsWith(prefix))) return 'unavailable';
    return 'rejected';
  }
  if (!(error instanceof Error) || PROGRAMMING_ERRORS.some((kind) => error instanceof kind)) return 'bug';
  return 'unavailable';
}

/**
 * SQLSTATEs Postgres answers for text it cannot hold: a NUL character (U+0000) in a text
 * parameter (22021) or in jsonb turned to text (22P05). They mean "not this value": a 400.
 */
const UNSTORABLE_TEXT_SQLSTATES = new Set(['22021', '22P05']);

/** True when a statement was refused for a value no text column can hold (a NUL character). */
export function isUnstorableText(error: unknown): boolean {
  return error instanceof pg.DatabaseError && UNSTORABLE_TEXT_SQLSTATES.has(error.code ?? '');
}

/** True when the error says "Postgres is away": hold the work and retry it. */
export function isDatabaseUnavailable(error: unknown): boolean {
  return classifyDatabaseError(error) === 'unavailable';
}

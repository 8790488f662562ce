import type pg from 'pg';
import type { Logger } from 'pino';
import type { Queryable, SqlQuery } from '@lumina/db';
import { classifyDatabaseError, isUnstorableText, openPool } from '@lumina/runtime';
import type { QueryApiConfig } from './config.js';
import { QueryApiError } from './errors.js';

/** The API's only way to Postgres: every failure comes back as a typed error. */
export interface Database extends Queryable {
  close(): Promise<void>;
}

/** The typed error a database failure is answered with; anything else passes through (a 500). */
function toApiError(error: unknown): unknown {
  if (isUnstorableText(error)) return new QueryApiError('invalid_parameter', 'a value contains a NUL character (\\u0000), which cannot be stored or searched; remove it');
  switch (classifyDatabaseError(error)) {
    case 'unavailable':
      return new QueryApiError('database_unavailable', 'the database is unavailable; retry shortly');
    case 'timeout':
      return new QueryApiError('query_timeout', 'the query took too long and was cancelled; narrow the time range or filters');
    default:
      return error;
  }
}

/** A pool for short analytical reads, with a statement timeout. */
export function openDatabase(config: QueryApiConfig, logger: Logger): Database {
  const pool: pg.Pool = openPool(
    {
      url: config.DATABASE_URL,
      max: config.QUERY_DB_POOL_MAX,
      applicationName: 'lumina-query-api',
      connectTimeoutMs: config.QUERY_DB_CONNECT_TIMEOUT_MS,
      statementTimeoutMs: config.QUERY_STATEMENT_TIMEOUT_MS,
    },
    logger,
  );
  return {
    async rows<Row>(query: SqlQuery) {
      try {
        const result = await pool.query(query.text, query.values);
        return result.rows as Row[];
      } catch (error) {
        throw toApiError(error);
      }
    },
    async close() {
      await pool.end();
    },
  };
}

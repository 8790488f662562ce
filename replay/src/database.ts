import type pg from 'pg';
import type { Logger } from 'pino';
import type { Queryable, SqlQuery } from '@lumina/db';
import { classifyDatabaseError, isUnstorableText, openPool } from '@lumina/runtime';
import type { ReplayConfig } from './config.js';
import { ReplayApiError } from './errors.js';

/** The service's only way to Postgres: every failure comes back as a typed error. */
export interface Database extends Queryable {
  close(): Promise<void>;
}

function toApiError(error: unknown): unknown {
  if (isUnstorableText(error)) return new ReplayApiError('invalid_parameter', 'a value contains a NUL character (\\u0000), which cannot be stored or searched; remove it');
  switch (classifyDatabaseError(error)) {
    case 'unavailable':
      return new ReplayApiError('database_unavailable', 'the database is unavailable; retry shortly');
    case 'timeout':
      return new ReplayApiError('query_timeout', 'the database took too long and the statement was cancelled');
    default:
      return error;
  }
}

/** A pool for the API's reads and the workers' claims and writes. */
export function openDatabase(config: ReplayConfig, logger: Logger): Database {
  const pool: pg.Pool = openPool(
    {
      url: config.DATABASE_URL,
      max: config.REPLAY_DB_POOL_MAX,
      applicationName: 'lumina-replay',
      connectTimeoutMs: config.REPLAY_DB_CONNECT_TIMEOUT_MS,
      statementTimeoutMs: 30_000,
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

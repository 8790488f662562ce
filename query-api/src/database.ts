import pg from 'pg';
import type { Logger } from 'pino';
import type { QueryApiConfig } from './config.js';
import { classifyDatabaseError } from './database-errors.js';
import type { SqlQuery } from './sql/params.js';

/** The API's only way to Postgres: every failure comes back as a typed error. */
export interface Database {
  rows<Row>(query: SqlQuery): Promise<Row[]>;
  close(): Promise<void>;
}

/** A pool tuned for short analytical reads: JIT off (it costs more than it saves here), statement timeout. */
export function openDatabase(config: QueryApiConfig, logger: Logger): Database {
  const pool = new pg.Pool({
    connectionString: config.DATABASE_URL,
    max: config.QUERY_DB_POOL_MAX,
    connectionTimeoutMillis: config.QUERY_DB_CONNECT_TIMEOUT_MS,
    idleTimeoutMillis: 30_000,
    application_name: 'lumina-query-api',
    options: `-c jit=off -c statement_timeout=${config.QUERY_STATEMENT_TIMEOUT_MS}`,
  });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', (error) => logger.warn({ err: error.message }, 'idle database connection failed'));
  return {
    async rows<Row>(query: SqlQuery) {
      try {
        const result = await pool.query(query.text, query.values);
        return result.rows as Row[];
      } catch (error) {
        throw classifyDatabaseError(error);
      }
    },
    async close() {
      await pool.end();
    },
  };
}

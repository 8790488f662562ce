import type { SqlQuery } from './sql-params.js';

/** What the readers need of a database: rows for a query. A service wraps its pool with its own error handling. */
export interface Queryable {
  rows<Row>(query: SqlQuery): Promise<Row[]>;
}

import type pg from 'pg';
import { quoteIdentifier } from './sql-identifier.js';

/**
 * Deletes the rows of `table` matching `where` (its parameters start at $2; $1 is the batch
 * size), `batchSize` rows a statement, each statement its own transaction, so no lock is held
 * long and replication and vacuum keep up. Returns how many rows went. Only for tables that are
 * not partitioned (a ctid names a row within one table); a day partition is named directly.
 */
export async function deleteInBatches(db: pg.Pool | pg.PoolClient, table: string, where: string, params: unknown[], batchSize: number): Promise<number> {
  const t = quoteIdentifier(table);
  const sql = `DELETE FROM ${t} WHERE ctid = ANY (ARRAY(SELECT ctid FROM ${t} WHERE ${where} LIMIT $1))`;
  let deleted = 0;
  for (;;) {
    const result = await db.query(sql, [batchSize, ...params]);
    deleted += result.rowCount ?? 0;
    // A short batch is the last; rows a concurrent update moved are taken by the next run.
    if ((result.rowCount ?? 0) < batchSize) return deleted;
  }
}

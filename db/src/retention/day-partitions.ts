import type pg from 'pg';
import { dayOfPartition } from '@lumina/core';
import { quoteIdentifier } from './sql-identifier.js';

/** A day partition of a table partitioned by start_time (spans, span_search). */
export interface DayPartition {
  name: string;
  /** YYYY-MM-DD */
  day: string;
}

/** The tables whose day partitions retention drops. */
export type DayPartitionedTable = 'spans' | 'span_search';

/** The attached day partitions of `table`, ascending by day; anything not named like one is left out. */
export async function listDayPartitions(db: pg.Pool | pg.PoolClient, table: DayPartitionedTable): Promise<DayPartition[]> {
  const { rows } = await db.query<{ name: string }>(
    'SELECT c.relname AS name FROM pg_inherits AS i JOIN pg_class AS c ON c.oid = i.inhrelid WHERE i.inhparent = $1::text::regclass',
    [table],
  );
  return rows
    .map((row) => ({ name: row.name, day: dayOfPartition(table, row.name) }))
    .filter((partition): partition is DayPartition => partition.day !== null)
    .sort((a, b) => a.day.localeCompare(b.day));
}

/**
 * The distinct project ids in a table whose indexes lead with project_id, one index probe per
 * project (a loose index scan) rather than a scan of every row.
 */
export async function projectIdsIn(db: pg.Pool | pg.PoolClient, table: string): Promise<string[]> {
  const t = quoteIdentifier(table);
  const { rows } = await db.query<{ project_id: string }>(
    `WITH RECURSIVE ids AS (
       (SELECT project_id FROM ${t} ORDER BY project_id LIMIT 1)
       UNION ALL
       SELECT (SELECT project_id FROM ${t} WHERE project_id > ids.project_id ORDER BY project_id LIMIT 1)
       FROM ids WHERE ids.project_id IS NOT NULL
     )
     SELECT project_id FROM ids WHERE project_id IS NOT NULL`,
  );
  return rows.map((row) => row.project_id);
}

import type pg from 'pg';

const DAY_MS = 86_400_000;

/** UTC day (YYYY-MM-DD) of a unix-ms instant. */
export function utcDay(unixMs: number): string {
  return new Date(Math.floor(unixMs / DAY_MS) * DAY_MS).toISOString().slice(0, 10);
}

/** The days from `daysBack` before `now` to `daysAhead` after it. */
export function daysAround(now: Date, daysBack: number, daysAhead: number): string[] {
  const days: string[] = [];
  for (let offset = -daysBack; offset <= daysAhead; offset += 1) days.push(utcDay(now.getTime() + offset * DAY_MS));
  return days;
}

/**
 * What a partition creation meets when another process creates the same partition at the same
 * moment: its CREATE found the other's name (42P07 relation, 42710 type, 23505 catalog key) or
 * the two waited on each other (40P01). The other won; the next try finds its table.
 */
const CREATION_RACES = new Set(['42P07', '42710', '23505', '40P01']);
const CREATION_TRIES = 5;

/** One partition function for one day, in a transaction of its own, retried when it lost a race. */
async function ensurePartition(db: pg.Pool | pg.PoolClient, sql: string, day: string): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await db.query(sql, [day]);
      return;
    } catch (error) {
      if (attempt >= CREATION_TRIES || !CREATION_RACES.has((error as { code?: string }).code ?? '')) throw error;
    }
  }
}

/**
 * Creates the missing day partitions of `spans`, and of `span_search` (the batch statement
 * writes ready search documents there in the same transaction), for the given UTC days. Each
 * partition in its own transaction: several processes starting at once (every replica makes
 * the days around today) would otherwise each hold one partition's locks while waiting for
 * another's, and deadlock.
 */
export async function ensureSpanPartitions(db: pg.Pool | pg.PoolClient, days: Iterable<string>): Promise<void> {
  for (const day of [...new Set(days)].sort()) {
    await ensurePartition(db, 'SELECT lumina_ensure_span_partition($1::date)', day);
    await ensurePartition(db, 'SELECT lumina_ensure_search_partition($1::date)', day);
  }
}

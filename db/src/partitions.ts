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
 * Creates the missing day partitions of `spans`, and of `span_search` (the batch statement
 * writes ready search documents there in the same transaction), for the given UTC days.
 */
export async function ensureSpanPartitions(db: pg.Pool | pg.PoolClient, days: Iterable<string>): Promise<void> {
  const unique = [...new Set(days)].sort();
  if (unique.length === 0) return;
  await db.query('SELECT lumina_ensure_span_partition(d), lumina_ensure_search_partition(d) FROM unnest($1::date[]) AS d', [unique]);
}

import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../testing/test-database.js';
import { seedCallRecord } from '../../testing/seed-calls.js';
import { migrate, undoMigrationsFrom } from '../migrate.js';
import { ensureSpanPartitions, utcDay } from '../partitions.js';
import { createSpanWriter } from './span-writer.js';

/** Spans' compressible columns use lz4 (this migration), in day partitions made before it and after. */
const MIGRATION = '1733900000000_lz4-compression';

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let pool: pg.Pool;
beforeAll(async () => {
  db = await createTestDatabase('lumina_compression');
  pool = new pg.Pool({ connectionString: db.url, max: 1 });
});
afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

/** Each compressible column of spans and of its partitions, with its compression ('l' lz4, '' the server default, pglz). */
async function compressions(): Promise<{ table: string; column: string; compression: string }[]> {
  const { rows } = await pool.query<{ table: string; column: string; compression: string }>(
    `SELECT c.relname AS table, a.attname AS column, a.attcompression AS compression
     FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attstorage IN ('x', 'm')
     WHERE c.oid = 'spans'::regclass OR c.oid IN (SELECT inhrelid FROM pg_inherits WHERE inhparent = 'spans'::regclass)
     ORDER BY 1, 2`,
  );
  return rows;
}

/** A server built without lz4 keeps pglz (the migration allows it); there is nothing to test then. */
async function serverHasLz4(): Promise<boolean> {
  return pool.query("SET default_toast_compression = 'lz4'").then(
    () => true,
    () => false,
  );
}

describe('compression of spans', () => {
  it('is lz4 for every compressible column, in day partitions made before the migration and after, and undone by its down migration', async (context) => {
    if (!(await serverHasLz4())) context.skip();
    const before = Date.UTC(2026, 0, 10);
    const after = Date.UTC(2026, 0, 11);
    await ensureSpanPartitions(pool, [utcDay(before)]);

    expect(await undoMigrationsFrom(db.url, MIGRATION)).toContain(MIGRATION);
    const undone = await compressions();
    expect(undone.map((row) => row.table)).toContain('spans_20260110');
    expect(undone.filter((row) => row.compression !== '')).toEqual([]);

    await migrate(db.url);
    await ensureSpanPartitions(pool, [utcDay(after)]);
    const done = await compressions();
    expect(new Set(done.map((row) => row.table))).toEqual(new Set([...undone.map((row) => row.table), 'spans_20260111']));
    // prompt, response, attributes, resource, tags, … in the parent and every partition.
    expect(done.length).toBeGreaterThan(20);
    expect(done.filter((row) => row.compression !== 'l')).toEqual([]);

    const long = 'Summarize the quarterly report for the board, with every figure. '.repeat(60);
    const call = seedCallRecord({ traceId: 'a'.repeat(32), spanId: '1'.repeat(16), prompt: long, response: long, startMs: after + 1000 });
    expect((await createSpanWriter(pool).write([call])).inserted).toBe(1);
    const { rows } = await pool.query<{ prompt: string; method: string }>('SELECT prompt, pg_column_compression(prompt) AS method FROM spans');
    expect(rows).toEqual([{ prompt: long, method: 'lz4' }]);
  });
});

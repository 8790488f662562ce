import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runner } from 'node-pg-migrate';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../testing/test-database.js';
import { seedCallRecord } from '../../testing/seed-calls.js';
import { migrate } from '../migrate.js';
import { ensureSpanPartitions, utcDay } from '../partitions.js';
import { createSpanWriter } from './span-writer.js';

/** Spans' large columns are compressed with lz4 (migration 1733900000000), in partitions made before the migration and after. */
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

const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'migrations');
const migrateDown = (count: number) =>
  runner({ databaseUrl: db.url, dir: MIGRATIONS_DIR, direction: 'down', count, migrationsTable: 'lumina_migrations', singleTransaction: true, log: () => {}, logger: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} } });

/** How each partition of spans compresses `prompt` ('l' lz4, '' the server default, pglz here). */
async function promptCompression(): Promise<Record<string, string>> {
  const { rows } = await pool.query<{ part: string; compression: string }>(
    `SELECT c.relname AS part, a.attcompression AS compression FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
     JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'prompt' WHERE i.inhparent = 'spans'::regclass ORDER BY 1`,
  );
  return Object.fromEntries(rows.map((row) => [row.part, row.compression]));
}

describe('compression of spans', () => {
  it('reaches the day partitions made before the migration and after it, and a stored call is lz4', async () => {
    const before = new Date(Date.UTC(2026, 0, 10));
    const after = new Date(Date.UTC(2026, 0, 11));
    await migrateDown(1);
    await ensureSpanPartitions(pool, [utcDay(before.getTime())]);
    expect(await promptCompression()).toMatchObject({ spans_20260110: '' });

    await migrate(db.url);
    await ensureSpanPartitions(pool, [utcDay(after.getTime())]);
    expect(await promptCompression()).toMatchObject({ spans_20260110: 'l', spans_20260111: 'l' });

    const long = 'Summarize the quarterly report for the board, with every figure. '.repeat(60);
    const call = seedCallRecord({ traceId: 'a'.repeat(32), spanId: '1'.repeat(16), prompt: long, response: long, startMs: after.getTime() + 1000 });
    expect((await createSpanWriter(pool).write([call])).inserted).toBe(1);
    const { rows } = await pool.query<{ prompt: string; method: string }>('SELECT prompt, pg_column_compression(prompt) AS method FROM spans');
    expect(rows).toEqual([{ prompt: long, method: 'lz4' }]);
  });
});

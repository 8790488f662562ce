import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../testing/test-database.js';
import { migrate } from './migrate.js';
import { daysAround, ensureSpanPartitions } from './partitions.js';

describe('database bootstrap', () => {
  const db = useTestDatabase();

  it('creates a missing database and applies every migration once', async () => {
    const tables = await db.pool.query(`SELECT tablename FROM pg_tables WHERE tablename IN ('spans','traces') ORDER BY 1`);
    expect(tables.rows.map((row) => row.tablename)).toEqual(['spans', 'traces']);
    expect(await migrate(db.url)).toEqual([]);
  });

  it('creates day partitions ahead, concurrently and idempotently', async () => {
    const days = daysAround(new Date('2026-01-10T12:00:00Z'), 1, 2);
    expect(days).toEqual(['2026-01-09', '2026-01-10', '2026-01-11', '2026-01-12']);
    await Promise.all([ensureSpanPartitions(db.pool, days), ensureSpanPartitions(db.pool, days)]);
    const parts = await db.pool.query(
      `SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = 'spans'::regclass AND c.relname LIKE 'spans_202601%' ORDER BY 1`,
    );
    expect(parts.rows.map((row) => row.relname)).toEqual(['spans_20260109', 'spans_20260110', 'spans_20260111', 'spans_20260112']);
    await expect(
      db.pool.query(`INSERT INTO spans (trace_id, span_id, name, kind, service_name, start_time, end_time, latency_ms, status)
                  VALUES ('t', 's', 'n', 'internal', 'svc', '2026-01-10T23:59:59.999Z', '2026-01-11T00:00:01Z', 2, 'ok')`),
    ).resolves.toBeDefined();
  });
});

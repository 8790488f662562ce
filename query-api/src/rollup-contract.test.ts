import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../testing/database.js';
import { analyticsSpans } from '../testing/analytics-fixture.js';
import { runMaintenance, seedSpans } from '../testing/seed.js';

/**
 * The contract of db/src/rollup-sql.ts under the conditions of production: several
 * processor replicas writing overlapping batches (and redeliveries) at once while several
 * API replicas compact. Nothing may deadlock, and every span counts exactly once.
 */
let db: { url: string; drop: () => Promise<void> };
let pool: pg.Pool;
beforeAll(async () => {
  db = await openTestDatabase();
  pool = new pg.Pool({ connectionString: db.url, max: 12 });
});
afterAll(async () => {
  await pool.end();
  await db.drop();
});

describe('the rollup CTE and compaction', () => {
  it('count every span once when replicas write, redeliver and compact concurrently', async () => {
    const spans = analyticsSpans(1200, 99, Date.parse('2026-06-01T00:00:00Z'), 3_600_000);
    const batches: (typeof spans)[] = [];
    for (let i = 0; i < spans.length; i += 150) batches.push(spans.slice(i, i + 150));
    // every batch twice (a redelivery), interleaved across 6 writers, with 2 compactors running
    const work = [...batches, ...batches.slice().reverse()];
    let next = 0;
    let writing = true;
    const writers = Array.from({ length: 6 }, async () => {
      for (let i = next++; i < work.length; i = next++) await seedSpans(pool, work[i] ?? []);
    });
    const compactors = Array.from({ length: 2 }, async () => {
      while (writing) await runMaintenance(pool);
    });
    await Promise.all(writers);
    writing = false;
    await Promise.all(compactors);
    await runMaintenance(pool);

    const { rows } = await pool.query<{ resolution: string; dims: string; spans: string; calls: string; cost: number; histogram: string }>(
      `SELECT resolution, dims, sum(span_count) AS spans, sum(llm_call_count) AS calls, sum(cost_usd) AS cost,
              (SELECT sum(c) FROM span_rollups r2, unnest(r2.latency_counts) AS c WHERE r2.resolution = r.resolution AND r2.dims = r.dims) AS histogram
       FROM span_rollups r GROUP BY 1, 2 ORDER BY 1, 2`,
    );
    const calls = spans.filter((span) => span.model != null);
    const cost = calls.reduce((sum, span) => sum + (span.cost_usd ?? 0), 0);
    expect(rows).toHaveLength(9);
    for (const row of rows) {
      expect(Number(row.spans)).toBe(spans.length);
      expect(Number(row.calls)).toBe(calls.length);
      expect(Number(row.histogram)).toBe(calls.length);
      expect(row.cost).toBeCloseTo(cost, 9);
    }
    const left = await pool.query<{ n: string }>('SELECT count(*) AS n FROM span_rollup_deltas');
    expect(left.rows[0]?.n).toBe('0');
  });

  it('lets only one caller compact at a time; the others return -1 at once', async () => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query("SELECT pg_advisory_xact_lock(hashtext('lumina_compact_span_rollups'))");
      const { rows } = await pool.query<{ folded: string }>('SELECT lumina_compact_span_rollups() AS folded');
      expect(rows[0]?.folded).toBe('-1');
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  });
});

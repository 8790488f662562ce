import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../testing/test-database.js';
import { daysAround, ensureSpanPartitions } from './partitions.js';

let db: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  db = await createTestDatabase('lumina_partitions');
});
afterAll(async () => {
  await db?.drop();
});

describe('ensureSpanPartitions', () => {
  it('makes the same days from several processes at once (as replicas starting together do): no deadlock, no lost race, every partition once', async () => {
    const processes = Array.from({ length: 4 }, () => new pg.Pool({ connectionString: db.url, max: 1 }));
    try {
      const made: string[] = [];
      for (let round = 0; round < 40; round += 1) {
        // Overlapping but different sets, as replicas starting a moment apart around midnight ask for.
        const days = daysAround(new Date(Date.UTC(2031, 0, 1 + round * 5)), 0, 4);
        made.push(...days);
        const results = await Promise.allSettled(processes.map((pool, i) => ensureSpanPartitions(pool, i % 2 === 0 ? days : days.slice(2))));
        expect(results.filter((result) => result.status === 'rejected')).toEqual([]);
      }
      const { rows } = await processes[0]!.query<{ parent: string; partitions: number }>(
        `SELECT inhparent::regclass::text AS parent, count(*)::int AS partitions FROM pg_inherits
         WHERE inhparent IN ('spans'::regclass, 'span_search'::regclass) AND inhrelid::regclass::text ~ '_2031' GROUP BY 1 ORDER BY 1`,
      );
      expect(rows).toEqual([
        { parent: 'span_search', partitions: made.length },
        { parent: 'spans', partitions: made.length },
      ]);
    } finally {
      await Promise.all(processes.map((pool) => pool.end()));
    }
  });
});

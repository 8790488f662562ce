import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../testing/test-database.js';
import { checkoutClient } from './checkout.js';

let db: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  db = await createTestDatabase('lumina_checkout');
});
afterAll(async () => {
  await db?.drop();
});

/** Ends a backend from another session, as a Postgres restart or a network cut would. */
async function terminate(pid: number): Promise<void> {
  const admin = new pg.Client({ connectionString: db.url });
  await admin.connect();
  await admin.query('SELECT pg_terminate_backend($1)', [pid]);
  await admin.end();
}

describe('checkoutClient', () => {
  it('survives the connection ending while the client is checked out: the next query fails, nothing is thrown at the process', async () => {
    const pool = new pg.Pool({ connectionString: db.url, max: 1 });
    pool.on('error', () => undefined);
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error);
    process.on('uncaughtException', onUncaught);
    try {
      const client = await checkoutClient(pool);
      const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      await terminate(rows[0]!.pid);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await expect(client.query('SELECT 1')).rejects.toThrow();
      client.release(true);
      expect(uncaught).toEqual([]);
      // The pool goes on with a fresh connection.
      expect((await pool.query<{ one: number }>('SELECT 1 AS one')).rows[0]!.one).toBe(1);
      // And the guard left with the checkout: a client checked out again has no stale listener of ours.
      const again = await checkoutClient(pool);
      expect(again.listenerCount('error')).toBe(1);
      again.release();
    } finally {
      process.off('uncaughtException', onUncaught);
      await pool.end();
    }
  });
});

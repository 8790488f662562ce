import { checkoutClient } from '../checkout.js';
import type pg from 'pg';

/**
 * Runs `work` on one session holding the advisory lock `name`, or not at all when another
 * session (another replica) holds it: { acquired: false }. The lock is the session's, so a
 * replica that dies mid-run frees it with its connection.
 */
export async function withAdvisoryLock<T>(pool: pg.Pool, name: string, work: (client: pg.PoolClient) => Promise<T>): Promise<{ acquired: true; result: T } | { acquired: false }> {
  const client = await checkoutClient(pool);
  let broken: Error | undefined;
  try {
    const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [name]);
    if (!rows[0]?.locked) return { acquired: false };
    try {
      return { acquired: true, result: await work(client) };
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtext($1))', [name]).catch((error: Error) => {
        broken = error; // the session goes, and its lock with it
      });
    }
  } catch (error) {
    broken = error instanceof Error ? error : new Error(String(error));
    throw error;
  } finally {
    client.release(broken);
  }
}

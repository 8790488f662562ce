import pg from 'pg';
import { createTestDatabase, TEST_SERVER_URL } from '@lumina/db/testing';

/**
 * A test database whose drop waits for this process's connections to be gone first:
 * `pool.end()` resolves before the server has closed them, and dropping with FORCE would
 * then kill them mid-goodbye, an error nobody is listening for anymore.
 */
export async function openTestDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const db = await createTestDatabase('lumina_query_test');
  const name = new URL(db.url).pathname.slice(1);
  return {
    url: db.url,
    async drop() {
      const admin = new pg.Client({ connectionString: TEST_SERVER_URL });
      await admin.connect();
      try {
        for (let attempt = 0; attempt < 50; attempt += 1) {
          const { rows } = await admin.query<{ n: string }>('SELECT count(*) AS n FROM pg_stat_activity WHERE datname = $1', [name]);
          if (rows[0]?.n === '0') break;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      } finally {
        await admin.end();
      }
      await db.drop();
    },
  };
}

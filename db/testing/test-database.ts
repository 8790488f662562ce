import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { withDatabase } from '../src/database-url.js';
import { dropDatabase } from '../src/ensure-database.js';
import { migrate } from '../src/migrate.js';

/** The local server tests run against (trust auth, user postgres). */
export const TEST_SERVER_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** Waits until no connection of this process is left on the database (a pool's end() resolves before the server closed them). */
async function waitForConnectionsGone(name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: TEST_SERVER_URL });
  await admin.connect();
  try {
    for (let attempt = 0; attempt < 50; attempt += 1) {
      const { rows } = await admin.query<{ n: string }>('SELECT count(*) AS n FROM pg_stat_activity WHERE datname = $1', [name]);
      if (rows[0]?.n === '0') return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    await admin.end();
  }
}

/**
 * A migrated database of its own for one test file. `drop()` waits for the file's own
 * connections to be gone first (dropping WITH FORCE would kill them mid-goodbye, an error
 * nobody listens for anymore), then removes it.
 */
export async function createTestDatabase(prefix = 'lumina_test'): Promise<TestDatabase> {
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  const url = withDatabase(TEST_SERVER_URL, name);
  await migrate(url);
  return {
    url,
    async drop() {
      await waitForConnectionsGone(name);
      await dropDatabase(url);
    },
  };
}

/**
 * The usual test-file setup: a database of its own and a pool on it, created before the
 * file's tests and removed after them. The returned object is filled in by `beforeAll`.
 */
export function useTestDatabase(prefix?: string): { url: string; pool: pg.Pool } {
  const handle = {} as { url: string; pool: pg.Pool };
  let db: TestDatabase | undefined;
  beforeAll(async () => {
    db = await createTestDatabase(prefix);
    handle.url = db.url;
    handle.pool = new pg.Pool({ connectionString: db.url });
  });
  afterAll(async () => {
    await handle.pool?.end();
    await db?.drop();
  });
  return handle;
}

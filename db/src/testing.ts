import { randomBytes } from 'node:crypto';
import { withDatabase } from './database-url.js';
import { dropDatabase } from './ensure-database.js';
import { migrate } from './migrate.js';

/** The local server tests run against (trust auth, user postgres). */
export const TEST_SERVER_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A migrated database of its own for one test file; `drop()` removes it. */
export async function createTestDatabase(prefix = 'lumina_test'): Promise<{ url: string; drop: () => Promise<void> }> {
  const url = withDatabase(TEST_SERVER_URL, `${prefix}_${randomBytes(5).toString('hex')}`);
  await migrate(url);
  return { url, drop: () => dropDatabase(url) };
}

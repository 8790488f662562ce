import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { runner } from 'node-pg-migrate';
import { ensureDatabase } from './ensure-database.js';

// Found through the package, not this file's place: a service compiled into one bundle elsewhere still finds them.
const MIGRATIONS_DIR = join(dirname(createRequire(import.meta.url).resolve('@lumina/db')), '..', 'migrations');

/** What every run of the migrations shares: where they are, the table that records them, one transaction each run. */
function runnerOptions(databaseUrl: string, log: (message: string) => void) {
  return { databaseUrl, dir: MIGRATIONS_DIR, migrationsTable: 'lumina_migrations', singleTransaction: true, log, logger: { debug: () => {}, info: log, warn: log, error: log } };
}

/** Creates the database if missing and applies every pending migration. Returns the names applied. */
export async function migrate(databaseUrl: string, log: (message: string) => void = () => {}): Promise<string[]> {
  await ensureDatabase(databaseUrl);
  const applied = await runner({ ...runnerOptions(databaseUrl, log), direction: 'up', checkOrder: true, advisoryLockMode: 'wait' });
  return applied.map((migration) => migration.name);
}

/**
 * Undoes the migration named `name` (its file name without `.sql`) and every later one, newest
 * first, with their down sections: how a test sees the database as it was before a migration.
 */
export async function undoMigrationsFrom(databaseUrl: string, name: string, log: (message: string) => void = () => {}): Promise<string[]> {
  const count = readdirSync(MIGRATIONS_DIR).filter((file) => file.endsWith('.sql') && file.replace(/\.sql$/, '') >= name).length;
  const undone = await runner({ ...runnerOptions(databaseUrl, log), direction: 'down', count });
  return undone.map((migration) => migration.name);
}

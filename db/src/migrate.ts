import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { runner } from 'node-pg-migrate';
import { ensureDatabase } from './ensure-database.js';

// Found through the package, not this file's place: a service compiled into one bundle elsewhere still finds them.
const MIGRATIONS_DIR = join(dirname(createRequire(import.meta.url).resolve('@lumina/db')), '..', 'migrations');

/** Creates the database if missing and applies every pending migration. Returns the names applied. */
export async function migrate(databaseUrl: string, log: (message: string) => void = () => {}): Promise<string[]> {
  await ensureDatabase(databaseUrl);
  const applied = await runner({
    databaseUrl,
    dir: MIGRATIONS_DIR,
    direction: 'up',
    migrationsTable: 'lumina_migrations',
    checkOrder: true,
    singleTransaction: true,
    advisoryLockMode: 'wait',
    log,
    logger: { debug: () => {}, info: log, warn: log, error: log },
  });
  return applied.map((migration) => migration.name);
}

import type pg from 'pg';
import { quoteIdentifier } from './sql-identifier.js';

export interface DropOptions {
  /** how long the DROP waits for the parent table's lock before giving way (and trying again) */
  lockTimeoutMs: number;
  /** DROP attempts before the partition is left for the next run */
  attempts?: number;
  /**
   * Runs in the dropping transaction after the partition is locked against writes (SHARE: reads
   * go on, a late span for the day waits) and before the DROP: the archive step.
   */
  beforeDrop?: (client: pg.PoolClient) => Promise<void>;
}

function isLockTimeout(error: unknown): boolean {
  return (error as { code?: string }).code === '55P03';
}

/** Tells whether the transaction's fate is unknown: the DROP may have committed. */
export class CommitUnknownError extends Error {
  readonly code = 'retention_commit_unknown';
}

/**
 * Drops a day partition in one transaction. Dropping a partition takes an ACCESS EXCLUSIVE lock
 * on its parent for an instant; queuing for it behind a long read would stall every query of
 * the table, so the DROP waits at most `lockTimeoutMs`, then steps back and tries again.
 */
export async function dropDayPartition(client: pg.PoolClient, partition: string, options: DropOptions): Promise<void> {
  const name = quoteIdentifier(partition);
  await client.query('BEGIN');
  try {
    await client.query(`SET LOCAL lock_timeout = ${Math.max(1, Math.floor(options.lockTimeoutMs))}`);
    if (options.beforeDrop) {
      await client.query(`LOCK TABLE ${name} IN SHARE MODE`);
      await options.beforeDrop(client);
    }
    await dropWithRetries(client, name, options.attempts ?? 3);
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
  try {
    await client.query('COMMIT');
  } catch (error) {
    throw new CommitUnknownError(`commit of the drop of ${partition} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function dropWithRetries(client: pg.PoolClient, name: string, attempts: number): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    await client.query('SAVEPOINT lumina_drop');
    try {
      await client.query(`DROP TABLE ${name}`);
      await client.query('RELEASE SAVEPOINT lumina_drop');
      return;
    } catch (error) {
      await client.query('ROLLBACK TO SAVEPOINT lumina_drop');
      if (!isLockTimeout(error) || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
    }
  }
}

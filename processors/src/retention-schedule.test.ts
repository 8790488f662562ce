import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS, dayPartitionName, utcDayOf } from '@lumina/core';
import { createTestDatabase, type TestDatabase } from '@lumina/db/testing';
import { seedCalls } from '@lumina/db/testing/seed';
import { waitFor } from '../../test/support/wait.js';
import { loadUpkeepConfig } from './upkeep-config.js';
import { createUpkeep, type Upkeep } from './upkeep.js';

let db: TestDatabase;
let pool: pg.Pool;
let upkeep: Upkeep;
let port: number;
let dir: string;
// The upkeep's clock runs 30 days ahead of the wall clock: yesterday's spans are long expired.
const yesterday = Date.now() - DAY_MS;
const partition = dayPartitionName('spans', utcDayOf(yesterday));

beforeAll(async () => {
  db = await createTestDatabase('lumina_retention_schedule');
  pool = new pg.Pool({ connectionString: db.url });
  dir = join(mkdtempSync(join(tmpdir(), 'lumina-archive-')), 'made-at-start');
  await seedCalls(pool, [{ traceId: 'c'.repeat(32), spanId: 'd'.repeat(16), startMs: yesterday }]);
  const config = loadUpkeepConfig({ DATABASE_URL: db.url, UPKEEP_HTTP_PORT: '0', CLEANUP_SCHEDULE: '* * * * * *', RETENTION_ARCHIVE_DIR: dir });
  upkeep = createUpkeep(config, pino({ level: 'silent' }), { clock: () => new Date(Date.now() + 30 * DAY_MS) });
  port = (await upkeep.start()).httpPort;
});
afterAll(async () => {
  await upkeep?.stop();
  await pool?.end();
  await db?.drop();
  rmSync(join(dir, '..'), { recursive: true, force: true });
});

describe('retention in the upkeep process', () => {
  it('runs on CLEANUP_SCHEDULE by its clock, archives and drops the expired partition, and counts it on /metrics', async () => {
    await waitFor(
      async () => (await pool.query<{ found: string | null }>('SELECT to_regclass($1)::text AS found', [partition])).rows[0]?.found ?? null,
      (found) => found === null,
      20_000,
      `${partition} dropped`,
    );
    expect(readdirSync(dir)).toHaveLength(1);
    // the run goes on to trace summaries and rollups after the drop; its end is counted then
    const metrics = await waitFor(
      async () => (await fetch(`http://127.0.0.1:${port}/metrics`)).text(),
      (text) => /lumina_retention_runs_total\{[^}]*outcome="completed"/.test(text),
      20_000,
      'a completed run on /metrics',
    );
    expect(metrics).toMatch(/lumina_retention_partitions_dropped_total\{[^}]*table="spans"[^}]*\} 1\n/);
    expect(metrics).toMatch(/lumina_retention_partitions_archived_total(\{[^}]*\})? 1\n/);
    expect(metrics).toMatch(/lumina_retention_runs_total\{[^}]*outcome="completed"[^}]*\} [1-9]/);
  });

  it('refuses to start on a cleanup schedule that is not cron', () => {
    expect(() => loadUpkeepConfig({ CLEANUP_SCHEDULE: 'every night' })).toThrow(/CLEANUP_SCHEDULE/);
    expect(() => loadUpkeepConfig({ TRACE_RETENTION_DAYS: '0' })).toThrow(/TRACE_RETENTION_DAYS/);
    expect(loadUpkeepConfig({})).toMatchObject({ CLEANUP_SCHEDULE: '0 2 * * *', TRACE_RETENTION_DAYS: 7, ROLLUP_RETENTION_DAYS: 90, RETENTION_ARCHIVE_DIR: '' });
  });
});

import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import pg from 'pg';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { createSpanWriter, settleUpkeep, upsertProject } from '@lumina/db';
import { createTestDatabase, type TestDatabase } from '@lumina/db/testing';
import { seedCallRecord, seedCalls, type SeedCall } from '@lumina/db/testing/seed';
import { createRetentionMetrics } from './retention-metrics.js';
import { RETENTION_LOCK, runRetention, type RetentionSettings } from './retention.js';

const NOW = new Date('2026-12-03T02:00:00Z');
const silent = pino({ level: process.env.RETENTION_TEST_LOG ?? 'silent' });
const settings: RetentionSettings = { traceRetentionDays: 7, rollupRetentionDays: 90, archiveDir: '', deleteBatch: 2, lockTimeoutMs: 2_000 };

const opened: Array<{ db: TestDatabase; pools: pg.Pool[]; dir?: string }> = [];
afterEach(async () => {
  for (const { db, pools, dir } of opened.splice(0)) {
    await Promise.all(pools.map((pool) => pool.end()));
    await db.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
});

/** A database of the test's own, `replicas` pools on it (each an upkeep replica), and an archive folder. */
async function setUp(replicas = 1) {
  const db = await createTestDatabase('lumina_retention');
  const pools = Array.from({ length: replicas }, () => new pg.Pool({ connectionString: db.url }));
  const dir = mkdtempSync(join(tmpdir(), 'lumina-archive-'));
  opened.push({ db, pools, dir });
  return { pools, pool: pools[0] as pg.Pool, dir };
}

let sequence = 0;
/** A stored LLM call at `at` (ISO), in its own trace, for `projectId`. */
function call(at: string, projectId = 'default'): SeedCall {
  sequence += 1;
  const id = sequence.toString(16);
  return { traceId: id.padStart(32, 'a'), spanId: id.padStart(16, 'b'), projectId, startMs: Date.parse(at), latencyMs: 50, prompt: `question ${id}`, response: `answer ${id}` };
}

function metrics() {
  const registry = new Registry();
  return { registry, metrics: createRetentionMetrics(registry) };
}

async function counterValue(registry: Registry, name: string, labels: Record<string, string> = {}): Promise<number> {
  const metric = (await registry.getMetricsAsJSON()).find((entry) => entry.name === name);
  const value = metric?.values.find((entry) => Object.entries(labels).every(([key, label]) => entry.labels[key] === label));
  return value?.value ?? 0;
}

async function tableExists(pool: pg.Pool, name: string): Promise<boolean> {
  return (await pool.query<{ found: string | null }>('SELECT to_regclass($1)::text AS found', [name])).rows[0]?.found !== null;
}

async function spanIds(pool: pg.Pool, table: string, projectId?: string): Promise<string[]> {
  const where = projectId === undefined ? '' : 'WHERE project_id = $1';
  const { rows } = await pool.query<{ span_id: string }>(`SELECT span_id FROM ${table} ${where} ORDER BY span_id`, projectId === undefined ? [] : [projectId]);
  return rows.map((row) => row.span_id);
}

function archiveLines(path: string): Array<Record<string, unknown>> {
  return gunzipSync(readFileSync(path))
    .toString('utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('retention of spans by day partition', () => {
  it('drops the expired day partitions whole, with their search documents and trace summaries, and keeps the rest', async () => {
    const { pool } = await setUp();
    const old = [call('2026-11-20T10:00:00Z'), call('2026-11-20T23:59:59Z'), call('2026-11-25T12:00:00Z')];
    const kept = [call('2026-11-26T00:00:00Z'), call('2026-12-02T08:00:00Z')];
    await seedCalls(pool, [...old, ...kept]);
    await settleUpkeep(pool);
    const { registry, metrics: retention } = metrics();

    const report = await runRetention(pool, settings, NOW, silent, retention);

    expect(report.dropped).toEqual({ spans: ['2026-11-20', '2026-11-25'], span_search: ['2026-11-20', '2026-11-25'] });
    for (const table of ['spans_20261120', 'spans_20261125', 'span_search_20261120', 'span_search_20261125']) expect(await tableExists(pool, table)).toBe(false);
    expect(await tableExists(pool, 'spans_20261126')).toBe(true);
    // dropped, not deleted: the spans table never saw a DELETE
    expect(report.deleted.spans).toBeUndefined();
    expect(await spanIds(pool, 'spans')).toEqual(kept.map((c) => c.spanId).sort());
    expect(await spanIds(pool, 'span_search')).toEqual(kept.map((c) => c.spanId).sort());
    const traces = await pool.query<{ trace_id: string }>('SELECT trace_id FROM traces ORDER BY 1');
    expect(traces.rows.map((row) => row.trace_id)).toEqual(kept.map((c) => c.traceId).sort());
    expect(await counterValue(registry, 'lumina_retention_partitions_dropped_total', { table: 'spans' })).toBe(2);
    expect(await counterValue(registry, 'lumina_retention_rows_deleted_total', { table: 'traces' })).toBe(3);
    expect(await counterValue(registry, 'lumina_retention_runs_total', { outcome: 'completed' })).toBe(1);

    // a day later on the test's clock, 11-26 has expired too
    const nextDay = await runRetention(pool, settings, new Date('2026-12-04T02:00:00Z'), silent, retention);
    expect(nextDay.dropped.spans).toEqual(['2026-11-26']);
    expect(await spanIds(pool, 'spans')).toEqual([kept[1]?.spanId]);
  });

  it('archives each partition to gzip NDJSON holding exactly its spans before dropping it', async () => {
    const { pool, dir } = await setUp();
    const day = [call('2026-11-20T01:00:00Z', 'default'), call('2026-11-20T02:00:00Z', 'other'), call('2026-11-20T23:00:00Z', 'default')];
    const otherDay = [call('2026-11-22T05:00:00Z')];
    await seedCalls(pool, [...day, ...otherDay, call('2026-12-01T00:00:00Z')]);
    const before = await spanIds(pool, 'spans_20261120');
    const { registry, metrics: retention } = metrics();

    const report = await runRetention(pool, { ...settings, archiveDir: dir }, NOW, silent, retention);

    expect(report.archived.map((entry) => [entry.day, entry.spans])).toEqual([['2026-11-20', 3], ['2026-11-22', 1]]);
    expect(readdirSync(dir).sort()).toEqual(['spans-2026-11-20.20261203T020000Z.ndjson.gz', 'spans-2026-11-22.20261203T020000Z.ndjson.gz']);
    const lines = archiveLines(join(dir, 'spans-2026-11-20.20261203T020000Z.ndjson.gz'));
    expect(lines.map((line) => line.span_id).sort()).toEqual(before);
    expect(before).toEqual(day.map((c) => c.spanId).sort());
    const first = lines.find((line) => line.span_id === day[1]?.spanId);
    expect(first).toMatchObject({ project_id: 'other', trace_id: day[1]?.traceId, prompt: day[1]?.prompt, response: day[1]?.response, model: 'gpt-4o-mini' });
    expect(String(first?.start_time)).toMatch(/^2026-11-20T02:00:00/);
    expect(archiveLines(join(dir, 'spans-2026-11-22.20261203T020000Z.ndjson.gz')).map((line) => line.span_id)).toEqual([otherDay[0]?.spanId]);
    expect(await tableExists(pool, 'spans_20261120')).toBe(false);
    expect(await counterValue(registry, 'lumina_retention_partitions_archived_total')).toBe(2);
    expect(await counterValue(registry, 'lumina_retention_spans_archived_total')).toBe(4);
  });

  it('keeps a partition, and its archive never appears, when its drop cannot get the lock; the next run drops it', async () => {
    const { pool, dir } = await setUp();
    const expired = call('2026-11-20T10:00:00Z');
    await seedCalls(pool, [expired, call('2026-12-01T10:00:00Z')]);
    const reader = await pool.connect();
    try {
      // a long read of spans holds the lock the drop needs
      await reader.query('BEGIN');
      await reader.query('SELECT count(*) FROM spans');
      const report = await runRetention(pool, { ...settings, archiveDir: dir, lockTimeoutMs: 50 }, NOW, silent, metrics().metrics);
      expect(report.leftForNextRun).toEqual([{ table: 'spans', day: '2026-11-20' }]);
      expect(report.dropped.spans).toEqual([]);
      // the rest of the run went on: the expired trace summary is gone
      expect(report.deleted.traces).toBe(1);
    } finally {
      await reader.query('ROLLBACK');
      reader.release();
    }
    expect(await tableExists(pool, 'spans_20261120')).toBe(true);
    expect(readdirSync(dir)).toEqual([]);
    await runRetention(pool, { ...settings, archiveDir: dir }, NOW, silent, metrics().metrics);
    expect(await tableExists(pool, 'spans_20261120')).toBe(false);
    expect(readdirSync(dir)).toHaveLength(1);
  });

  it('stores a late span for a day retention dropped (the writer makes the day again)', async () => {
    const { pool } = await setUp();
    const writer = createSpanWriter(pool);
    await writer.write([seedCallRecord(call('2026-11-20T10:00:00Z'))]);
    await runRetention(pool, settings, NOW, silent, metrics().metrics);
    expect(await tableExists(pool, 'spans_20261120')).toBe(false);
    const late = call('2026-11-20T11:00:00Z');
    await expect(writer.write([seedCallRecord(late)])).resolves.toMatchObject({ inserted: 1 });
    expect(await spanIds(pool, 'spans_20261120')).toEqual([late.spanId]);
  });
});

describe('retention of rollups', () => {
  it('keeps rollups until their own retention, after the spans are gone', async () => {
    const { pool } = await setUp();
    await seedCalls(pool, [call('2026-10-01T10:00:00Z'), call('2026-08-01T10:00:00Z')]);
    await settleUpkeep(pool);
    const report = await runRetention(pool, settings, NOW, silent, metrics().metrics);
    expect(report.dropped.spans).toEqual(['2026-08-01', '2026-10-01']);
    const { rows } = await pool.query<{ day: string; n: string }>(
      "SELECT to_char(bucket_start AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, count(*) AS n FROM span_rollups GROUP BY 1 ORDER BY 1",
    );
    // 3 resolutions × 3 levels of detail, only for the day within 90 days
    expect(rows).toEqual([{ day: '2026-10-01', n: '9' }]);
    expect(report.deleted.span_rollups).toBe(9);
  });
});

describe('retention per project', () => {
  it('keeps a shared partition while a project keeps its day, deleting only the rows of projects whose retention expired it', async () => {
    const { pool } = await setUp();
    await upsertProject(pool, { projectId: 'keeper', traceRetentionDays: 30 });
    await upsertProject(pool, { projectId: 'brief', traceRetentionDays: 2 });
    const old = { keeper: call('2026-11-20T10:00:00Z', 'keeper'), plain: call('2026-11-20T11:00:00Z', 'default'), brief: call('2026-11-20T12:00:00Z', 'brief') };
    const recent = { keeper: call('2026-11-29T10:00:00Z', 'keeper'), plain: call('2026-11-29T11:00:00Z', 'default'), brief: call('2026-11-29T12:00:00Z', 'brief') };
    const today = call('2026-12-02T10:00:00Z', 'brief');
    await seedCalls(pool, [...Object.values(old), ...Object.values(recent), today]);
    await settleUpkeep(pool);

    const report = await runRetention(pool, settings, NOW, silent, metrics().metrics);

    expect(report.dropped).toEqual({ spans: [], span_search: [] });
    expect(await spanIds(pool, 'spans_20261120')).toEqual([old.keeper.spanId]);
    expect(await spanIds(pool, 'span_search_20261120')).toEqual([old.keeper.spanId]);
    expect(await spanIds(pool, 'spans_20261129')).toEqual([recent.keeper.spanId, recent.plain.spanId].sort());
    expect(await spanIds(pool, 'spans', 'brief')).toEqual([today.spanId]);
    const traces = await pool.query<{ trace_id: string }>('SELECT trace_id FROM traces ORDER BY 1');
    expect(traces.rows.map((row) => row.trace_id)).toEqual([old.keeper.traceId, recent.keeper.traceId, recent.plain.traceId, today.traceId].sort());
    expect(report.deleted).toMatchObject({ spans: 3, span_search: 3, traces: 3 });

    // once the longest retention has expired the day, the partition goes whole
    const later = await runRetention(pool, settings, new Date('2026-12-21T02:00:00Z'), silent, metrics().metrics);
    expect(later.dropped.spans).toEqual(['2026-11-20']);
    expect(await spanIds(pool, 'spans_20261129')).toEqual([recent.keeper.spanId]);
    expect(await tableExists(pool, 'spans_20261120')).toBe(false);
  });
});

describe('retention on several upkeep replicas', () => {
  it('does the work once when two replicas run it at the same time', async () => {
    const { pools, dir } = await setUp(2);
    const days = ['2026-11-10', '2026-11-11', '2026-11-12', '2026-11-13'];
    await seedCalls(pools[0] as pg.Pool, [...days.map((day) => call(`${day}T10:00:00Z`)), call('2026-12-01T10:00:00Z')]);
    const replicas = pools.map((pool) => ({ pool, ...metrics() }));

    const reports = await Promise.all(replicas.map(({ pool, metrics: retention }) => runRetention(pool, { ...settings, archiveDir: dir }, NOW, silent, retention)));

    expect(reports.flatMap((report) => report.dropped.spans).sort()).toEqual(days);
    expect(reports.flatMap((report) => report.archived.map((entry) => entry.day)).sort()).toEqual(days);
    expect(readdirSync(dir)).toHaveLength(days.length);
    let dropped = 0;
    for (const { registry } of replicas) dropped += await counterValue(registry, 'lumina_retention_partitions_dropped_total', { table: 'spans' });
    expect(dropped).toBe(days.length);
  });

  it('skips a run while another replica holds the retention lock', async () => {
    const { pool } = await setUp();
    await seedCalls(pool, [call('2026-11-10T10:00:00Z')]);
    const other = await pool.connect();
    try {
      await other.query('SELECT pg_advisory_lock(hashtext($1))', [RETENTION_LOCK]);
      const { registry, metrics: retention } = metrics();
      const report = await runRetention(pool, settings, NOW, silent, retention);
      expect(report.ran).toBe(false);
      expect(await tableExists(pool, 'spans_20261110')).toBe(true);
      expect(await counterValue(registry, 'lumina_retention_runs_total', { outcome: 'skipped' })).toBe(1);
    } finally {
      await other.query('SELECT pg_advisory_unlock(hashtext($1))', [RETENTION_LOCK]);
      other.release();
    }
    expect((await runRetention(pool, settings, NOW, silent, metrics().metrics)).dropped.spans).toEqual(['2026-11-10']);
  });
});

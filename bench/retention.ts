/**
 * What retention costs on one day of spans, three ways, each on its own day of the same size:
 *   batched DELETE  what a row-by-row retention would do (RETENTION_DELETE_BATCH rows a statement),
 *                   and the VACUUM it leaves behind
 *   drop            what retention does: DROP the day partition
 *   archive + drop  with RETENTION_ARCHIVE_DIR: gzip NDJSON written and fsynced, then the drop
 * Spans are LLM calls with ~600-byte prompts and responses, inserted straight in SQL. Prints
 * the figures; no assertions.
 *
 *   npm run bench:retention
 *   npx tsx bench/retention.ts --spans 200000
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { dayPartitionName } from '@lumina/core';
import { archiveFileName, deleteInBatches, dropDayPartition, dropDatabase, ensureSpanPartitions, migrate, withDatabase, writePartitionArchive } from '@lumina/db';
import { withBenchLock } from './ingest/lock.js';

const { values } = parseArgs({ options: { spans: { type: 'string', default: '100000' }, batch: { type: 'string', default: '5000' } } });
const spans = Number(values.spans);
const batch = Number(values.batch);
const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const url = withDatabase(serverUrl, 'lumina_bench_retention');
const DAYS = { delete: '2026-11-01', drop: '2026-11-02', archive: '2026-11-03' };

async function seedDay(pool: pg.Pool, day: string): Promise<void> {
  await pool.query(
    `INSERT INTO spans (project_id, trace_id, span_id, name, kind, service_name, start_time, end_time, latency_ms, status,
                        is_llm, provider, model, prompt, response, prompt_tokens, completion_tokens, cost_usd, attributes)
     SELECT 'default', lpad(to_hex(n / 5), 32, '0'), lpad(to_hex(n), 16, '0'), 'chat gpt-4o', 'client', 'checkout',
            t, t + interval '900 ms', 900, 'ok', true, 'openai', 'gpt-4o',
            repeat('Where is my order ' || n || '? ', 25), repeat('It ships tomorrow, ticket ' || n || '. ', 20), 150, 80, 0.0012,
            jsonb_build_object('gen_ai.request.model', 'gpt-4o', 'ticket', n)
     FROM generate_series(1, $2::int) AS n, LATERAL (SELECT $1::timestamptz + (n * interval '1 ms') * (86399000.0 / $2::int) AS t) AS times`,
    [`${day}T00:00:00Z`, spans],
  );
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const started = performance.now();
  const result = await work();
  return { ms: performance.now() - started, result };
}

async function main(): Promise<void> {
  await dropDatabase(url).catch(() => undefined);
  await migrate(url);
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const dir = mkdtempSync(join(tmpdir(), 'lumina-bench-archive-'));
  try {
    await ensureSpanPartitions(pool, Object.values(DAYS));
    for (const day of Object.values(DAYS)) await seedDay(pool, day);
    await pool.query('VACUUM ANALYZE spans');
    const size = await pool.query<{ bytes: string }>('SELECT pg_total_relation_size($1) AS bytes', [dayPartitionName('spans', DAYS.drop)]);
    const client = await pool.connect();
    try {
      const deleted = await timed(() => deleteInBatches(client, dayPartitionName('spans', DAYS.delete), 'true', [], batch));
      const left = await client.query<{ bytes: string }>('SELECT pg_total_relation_size($1) AS bytes', [dayPartitionName('spans', DAYS.delete)]);
      const vacuumed = await timed(() => client.query(`VACUUM ${dayPartitionName('spans', DAYS.delete)}`));
      const dropped = await timed(() => dropDayPartition(client, dayPartitionName('spans', DAYS.drop), { lockTimeoutMs: 5_000 }));
      let archive = { path: '', rows: 0 };
      const archived = await timed(() =>
        dropDayPartition(client, dayPartitionName('spans', DAYS.archive), {
          lockTimeoutMs: 5_000,
          beforeDrop: async (c) => {
            archive = await writePartitionArchive(c, dayPartitionName('spans', DAYS.archive), dir, archiveFileName(DAYS.archive, new Date()));
          },
        }),
      );
      const mib = (bytes: number) => (bytes / 1_048_576).toFixed(1);
      console.log(`one day: ${spans.toLocaleString('en-US')} spans, ${mib(Number(size.rows[0]?.bytes))} MiB with indexes`);
      console.log(`| way | time | spans/s |`);
      console.log(`|---|---|---|`);
      console.log(`| batched DELETE (${batch} a statement, ${deleted.result} rows) | ${(deleted.ms / 1000).toFixed(2)} s | ${Math.round(spans / (deleted.ms / 1000)).toLocaleString('en-US')} |`);
      console.log(`| … then VACUUM of the emptied day (${mib(Number(left.rows[0]?.bytes))} MiB still on disk after the DELETE) | ${(vacuumed.ms / 1000).toFixed(2)} s | — |`);
      console.log(`| DROP of the day partition | ${dropped.ms.toFixed(1)} ms | — |`);
      console.log(`| archive (${archive.rows} spans, ${mib(statSync(archive.path).size)} MiB gzip) + DROP | ${(archived.ms / 1000).toFixed(2)} s | ${Math.round(archive.rows / (archived.ms / 1000)).toLocaleString('en-US')} |`);
    } finally {
      client.release();
    }
  } finally {
    await pool.end();
    rmSync(dir, { recursive: true, force: true });
    await dropDatabase(url).catch(() => undefined);
  }
}

await withBenchLock(main);

/**
 * What the query side costs the write path: writes the same synthetic spans (1–2 KB
 * prompts) with the processors' own span writer (COPY into staging, then the batch
 * statement) under several index/rollup variants and prints spans/s for each. Uses its own
 * database, `lumina_bench_write`.
 *
 *   npx tsx bench/query-write-cost.ts [--spans 60000] [--batch 500] [--writers 2] [--rounds 3] [--only name,name]
 *
 * Variants run interleaved, round after round, and the median is reported, so that load
 * from other processes on the machine skews every variant alike.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { ALL_BATCH_PARTS, compactRollups, createSpanWriter, daysAround, dropDatabase, ensureSpanPartitions, indexQueuedSpans, migrate, withDatabase, type BatchParts } from '@lumina/db';
import type { SpanRecord } from '@lumina/core';
import { syntheticTraces, takeSpans } from './query/synthetic-spans.js';

const { values: args } = parseArgs({
  options: {
    spans: { type: 'string', default: '60000' },
    batch: { type: 'string', default: '500' },
    writers: { type: 'string', default: '2' },
    only: { type: 'string' },
    rounds: { type: 'string', default: '3' },
  },
});

/** Indexes the query API may add, by name; every variant starts from none of them. */
const OPTIONAL_INDEXES: Record<string, string> = {
  spans_llm_text_search_idx: `CREATE INDEX spans_llm_text_search_idx ON spans USING gin
    (to_tsvector('simple', coalesce(prompt, '') || ' ' || coalesce(response, ''))) WHERE is_llm`,
  spans_llm_text_search_nofastupdate_idx: `CREATE INDEX spans_llm_text_search_nofastupdate_idx ON spans USING gin
    (to_tsvector('simple', coalesce(prompt, '') || ' ' || coalesce(response, ''))) WITH (fastupdate = off) WHERE is_llm`,
  spans_llm_text_search_bigpending_idx: `CREATE INDEX spans_llm_text_search_bigpending_idx ON spans USING gin
    (to_tsvector('simple', coalesce(prompt, '') || ' ' || coalesce(response, ''))) WITH (gin_pending_list_limit = 262144) WHERE is_llm`,
  spans_llm_text_prefix_idx: `CREATE INDEX spans_llm_text_prefix_idx ON spans USING gin
    (to_tsvector('simple', left(coalesce(prompt, ''), 300) || ' ' || left(coalesce(response, ''), 300))) WHERE is_llm`,
  spans_llm_text_trgm_idx: `CREATE INDEX spans_llm_text_trgm_idx ON spans USING gin
    ((coalesce(prompt, '') || ' ' || coalesce(response, '')) gin_trgm_ops) WHERE is_llm`,
  traces_project_user_start_idx: `CREATE INDEX traces_project_user_start_idx ON traces (project_id, user_id, start_time DESC) WHERE user_id IS NOT NULL`,
  traces_project_session_start_idx: `CREATE INDEX traces_project_session_start_idx ON traces (project_id, session_id, start_time DESC) WHERE session_id IS NOT NULL`,
  spans_project_user_start_idx: `CREATE INDEX spans_project_user_start_idx ON spans (project_id, user_id, start_time DESC) WHERE user_id IS NOT NULL`,
};

interface Variant {
  name: string;
  /** the write-side CTEs of the batch statement */
  parts: BatchParts;
  indexes: string[];
  /** run lumina_index_span_search beside the writers (its CPU competes with them) */
  indexer?: boolean;
}

const NONE: BatchParts = { rollups: false, searchQueue: false, searchDocuments: false };
const ROLLUP: BatchParts = { rollups: true, searchQueue: false, searchDocuments: false };
const QUEUED: BatchParts = { ...ALL_BATCH_PARTS, searchDocuments: false };
const CHOSEN = ALL_BATCH_PARTS;
const TRACE_INDEXES = ['traces_project_user_start_idx', 'traces_project_session_start_idx'];
const VARIANTS: Variant[] = [
  { name: 'baseline (first migration only)', parts: NONE, indexes: [] },
  { name: '+ rollup deltas', parts: ROLLUP, indexes: [] },
  { name: '+ rollup + trace user/session indexes', parts: ROLLUP, indexes: TRACE_INDEXES },
  { name: 'before #22: + search queue (indexer idle)', parts: QUEUED, indexes: TRACE_INDEXES },
  { name: 'before #22: + search queue, indexer running', parts: QUEUED, indexes: TRACE_INDEXES, indexer: true },
  { name: 'chosen: + documents made in the processors, the rest queued', parts: CHOSEN, indexes: TRACE_INDEXES, indexer: true },
  { name: 'rejected: chosen + spans user_id index', parts: CHOSEN, indexes: [...TRACE_INDEXES, 'spans_project_user_start_idx'] },
  { name: 'rejected: rollup + sync full-text GIN', parts: ROLLUP, indexes: ['spans_llm_text_search_idx'] },
  { name: 'rejected: rollup + sync full-text GIN, no fastupdate', parts: ROLLUP, indexes: ['spans_llm_text_search_nofastupdate_idx'] },
  { name: 'rejected: rollup + sync full-text GIN, 256 MB pending', parts: ROLLUP, indexes: ['spans_llm_text_search_bigpending_idx'] },
  { name: 'rejected: rollup + sync full-text GIN, 300-char prefixes', parts: ROLLUP, indexes: ['spans_llm_text_prefix_idx'] },
  { name: 'rejected: rollup + sync trigram GIN', parts: ROLLUP, indexes: ['spans_llm_text_trgm_idx'] },
];

const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const url = withDatabase(serverUrl, 'lumina_bench_write');
const batchSize = Number(args.batch);
const writers = Number(args.writers);
const only = args.only?.split(',');

await dropDatabase(url);
await migrate(url);
// Connections stay open for the whole run, so that their CPU time can be read from /proc.
const pool = new pg.Pool({ connectionString: url, max: writers + 2, idleTimeoutMillis: 0 });

/**
 * CPU time (ms) used so far by this database's server processes. Less disturbed than
 * throughput by other load on a shared machine: it counts our work, not our waiting.
 */
async function databaseCpuMs(): Promise<number> {
  const { rows } = await pool.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database()');
  let ticks = 0;
  for (const { pid } of rows) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // the process ended; its time is lost to both readings alike
    }
  }
  return ticks * 10;
}
await pool.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
const now = Date.now();
await ensureSpanPartitions(pool, daysAround(new Date(now), 1, 1));

// Arrival order like production: start times advance at 10,000 spans/s, so concurrent
// batches hit the same minute rows (the contention the rollup must survive).
const spanCount = Number(args.spans);
const spans = takeSpans(syntheticTraces({ seed: 1, fromMs: now - spanCount / 10, toMs: now, promptBytes: [1024, 2048] }), spanCount);
spans.sort((a, b) => (a.startTimeUnixNano < b.startTimeUnixNano ? -1 : a.startTimeUnixNano > b.startTimeUnixNano ? 1 : 0));
const batches: SpanRecord[][] = [];
for (let i = 0; i < spans.length; i += batchSize) batches.push(spans.slice(i, i + batchSize));
console.log(`${spans.length} spans (${spans.filter((span) => span.isLlm).length} LLM, 1–2 KB prompts), batches of ${batchSize}, ${writers} writers`);

async function runVariant(variant: Variant): Promise<{ spansPerSecond: number; cpuUsPerSpan: number }> {
  await pool.query('TRUNCATE spans, traces, span_rollups, span_rollup_deltas, span_search_queue, span_search');
  for (const name of Object.keys(OPTIONAL_INDEXES)) await pool.query(`DROP INDEX IF EXISTS ${name}`);
  await pool.query('DROP INDEX IF EXISTS span_search_document_idx');
  await pool.query(`CREATE INDEX span_search_document_idx ON span_search USING gin (document)`);
  for (const name of variant.indexes) await pool.query(OPTIONAL_INDEXES[name] as string);
  await pool.query('CHECKPOINT');
  const writer = createSpanWriter(pool, variant.parts);
  let next = 0;
  // Open every connection first, so that none is born (uncounted) during the run.
  await Promise.all(Array.from({ length: writers + 2 }, () => pool.query('SELECT 1')));
  const cpuBefore = await databaseCpuMs();
  const started = performance.now();
  // The compactor runs beside the writers, as in production (once a second).
  const rollup = variant.parts.rollups;
  let running = true;
  let wake = () => {};
  const stopped = new Promise<void>((resolve) => (wake = resolve));
  const sleep = (ms: number) => Promise.race([new Promise((resolve) => setTimeout(resolve, ms)), stopped]);
  const compactor = (async () => {
    while (running && rollup) {
      await sleep(1000);
      if (running) await compactRollups(pool);
    }
  })();
  const indexer = (async () => {
    while (running && variant.indexer) {
      if ((await indexQueuedSpans(pool, 1000)) < 1000) await sleep(200);
    }
  })();
  await Promise.all(
    Array.from({ length: writers }, async () => {
      for (let i = next++; i < batches.length; i = next++) await writer.write(batches[i] as SpanRecord[]);
    }),
  );
  const writersDone = performance.now();
  running = false;
  wake();
  await Promise.all([compactor, indexer]);
  // What the compactor has left is part of the cost: fold it now.
  if (rollup) await compactRollups(pool);
  if (rollup) console.log(`    (writers ${((writersDone - started) / 1000).toFixed(2)} s, then compaction of the rest ${((performance.now() - writersDone) / 1000).toFixed(2)} s)`);
  const insertSeconds = (performance.now() - started) / 1000;
  // Count the deferred GIN work too: flush pending lists as autovacuum would.
  for (const name of variant.indexes) {
    if (!name.includes('text')) continue;
    await pool.query(
      `SELECT gin_clean_pending_list(i.inhrelid::regclass) FROM pg_inherits i WHERE i.inhparent = $1::regclass`,
      [name],
    );
  }
  const seconds = (performance.now() - started) / 1000;
  const stored = await pool.query<{ count: string }>('SELECT count(*) FROM spans');
  if (Number(stored.rows[0]?.count) !== spans.length) throw new Error(`stored ${stored.rows[0]?.count} of ${spans.length} spans`);
  if (seconds - insertSeconds > 0.05) console.log(`    (inserts ${insertSeconds.toFixed(2)} s + pending-list flush ${(seconds - insertSeconds).toFixed(2)} s)`);
  if (variant.indexer) {
    const drainStarted = performance.now();
    let indexed = 0;
    for (let step = 1000; step === 1000; indexed += step) {
      step = await indexQueuedSpans(pool, 1000);
    }
    const documents = await pool.query<{ count: string }>('SELECT count(*) FROM span_search');
    console.log(`    (${documents.rows[0]?.count} documents; ${indexed} left after the writers finished, indexed in ${((performance.now() - drainStarted) / 1000).toFixed(2)} s)`);
  }
  const cpuUsPerSpan = ((await databaseCpuMs()) - cpuBefore) * 1000 / spans.length;
  return { spansPerSecond: spans.length / seconds, cpuUsPerSpan };
}

const chosen = VARIANTS.filter((variant) => !only || only.some((name) => variant.name.includes(name)));
const samples = new Map<string, Array<{ spansPerSecond: number; cpuUsPerSpan: number }>>(chosen.map((variant) => [variant.name, []]));
for (let round = 1; round <= Number(args.rounds); round += 1) {
  for (const variant of chosen) {
    const sample = await runVariant(variant);
    samples.get(variant.name)?.push(sample);
    console.log(`round ${round}  ${variant.name.padEnd(56)} ${Math.round(sample.spansPerSecond).toString().padStart(7)} spans/s ${sample.cpuUsPerSpan.toFixed(0).padStart(6)} µs CPU/span`);
  }
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const first = samples.get(chosen[0]?.name ?? '') ?? [];
const baseRate = median(first.map((sample) => sample.spansPerSecond));
const baseCpu = median(first.map((sample) => sample.cpuUsPerSpan));
console.log('\nmedians: spans/s (vs first) and Postgres CPU per span (vs first); CPU is the steadier figure on a shared machine');
for (const [name, values] of samples) {
  const rate = median(values.map((sample) => sample.spansPerSecond));
  const cpu = median(values.map((sample) => sample.cpuUsPerSpan));
  console.log(
    `${name.padEnd(56)} ${Math.round(rate).toString().padStart(7)} ${`${((rate / baseRate - 1) * 100).toFixed(0)}%`.padStart(6)}   ${cpu.toFixed(0).padStart(5)} µs ${`${((cpu / baseCpu - 1) * 100).toFixed(0)}%`.padStart(6)}`,
  );
}
await pool.end();
await dropDatabase(url);

/**
 * Query API latency at scale: loads 10 million spans over 30 days into `lumina_bench_query`
 * (kept and reused while it holds the requested size), then times the API's answers
 * in-process (`app.request`, Redis cache off) and prints p50/p95 per query.
 *
 *   npm run bench:query                      # 10M spans
 *   npx tsx bench/query.ts --spans 1000000   # a smaller dry run (its own load)
 *   options: --runs 40  --prompt-bytes 200,600  --reload
 *            --index-search  (build the text-search documents too, ~0.3 ms of CPU per LLM
 *                             span, then time `q` searches as well)
 */
import { parseArgs } from 'node:util';
import pg from 'pg';
import { pino } from 'pino';
import { dropDatabase, migrate, withDatabase } from '@lumina/db';
import { createQueryApi, loadQueryApiConfig } from '@lumina/query-api';
import { buildRollups, copySpans } from './query/load.js';
import { MODELS, SERVICES, vocabularyOf } from './query/synthetic-spans.js';

const { values: args } = parseArgs({
  options: {
    spans: { type: 'string', default: '10000000' },
    days: { type: 'string', default: '30' },
    runs: { type: 'string', default: '40' },
    'prompt-bytes': { type: 'string', default: '200,600' },
    reload: { type: 'boolean', default: false },
    'index-search': { type: 'boolean', default: false },
  },
});

const DAY = 86_400_000;
const spanTarget = Number(args.spans);
const days = Number(args.days);
const promptBytes = args['prompt-bytes'].split(',').map(Number) as [number, number];
const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const databaseUrl = withDatabase(serverUrl, process.env.BENCH_QUERY_DB ?? 'lumina_bench_query');
const log = (message: string) => console.log(message);

interface LoadedData {
  spans: number;
  fromMs: number;
  toMs: number;
}

async function loaded(): Promise<LoadedData | null> {
  const client = new pg.Client({ connectionString: databaseUrl });
  try {
    await client.connect();
    const { rows } = await client.query<{ spans: string; data_from: Date; data_to: Date; prompt_bytes: string }>('SELECT spans, data_from, data_to, prompt_bytes FROM bench_meta');
    const row = rows[0];
    if (!row || Number(row.spans) < spanTarget || Number(row.spans) > spanTarget * 1.01 || row.prompt_bytes !== args['prompt-bytes']) return null;
    return { spans: Number(row.spans), fromMs: row.data_from.getTime(), toMs: row.data_to.getTime() };
  } catch {
    return null;
  } finally {
    await client.end().catch(() => {});
  }
}

async function load(): Promise<LoadedData> {
  log(`loading ${spanTarget.toLocaleString()} spans over ${days} days into lumina_bench_query (prompts ${promptBytes.join('–')} bytes)`);
  await dropDatabase(databaseUrl);
  await migrate(databaseUrl);
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  const toMs = Math.floor(Date.now() / 1000) * 1000;
  const fromMs = toMs - days * DAY;
  const started = Date.now();
  const spans = await copySpans(pool, { databaseUrl, spans: spanTarget, fromMs, toMs, promptBytes, log });
  log(`copied in ${Math.round((Date.now() - started) / 1000)} s; building rollups`);
  await buildRollups(pool, fromMs, toMs, log);
  log('vacuum analyze');
  await pool.query('VACUUM ANALYZE');
  await pool.query('CREATE TABLE bench_meta (spans bigint, data_from timestamptz, data_to timestamptz, prompt_bytes text, loaded_at timestamptz DEFAULT now())');
  await pool.query('INSERT INTO bench_meta (spans, data_from, data_to, prompt_bytes) VALUES ($1, $2, $3, $4)', [spans, new Date(fromMs), new Date(toMs), args['prompt-bytes']]);
  await pool.end();
  log(`loaded in ${Math.round((Date.now() - started) / 1000)} s`);
  return { spans, fromMs, toMs };
}

function percentile(sorted: number[], quantile: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1)] ?? Number.NaN;
}

const data = (!args.reload && (await loaded())) || (await load());
await migrate(databaseUrl);
const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
if (args['index-search'] && !(await pool.query('SELECT 1 FROM span_search LIMIT 1')).rowCount) {
  log('indexing LLM spans for text search');
  await pool.query('INSERT INTO span_search_queue SELECT project_id, trace_id, span_id, start_time FROM spans WHERE is_llm');
  const started = Date.now();
  for (let total = 0; ; ) {
    const indexed = (await pool.query<{ indexed: number }>('SELECT lumina_index_span_search(5000) AS indexed')).rows[0]?.indexed ?? 0;
    total += indexed;
    if (total % 100_000 < indexed) log(`  ${total.toLocaleString()} documents (${Math.round(total / ((Date.now() - started) / 1000))}/s)`);
    if (indexed < 5000) break;
  }
  await pool.query('VACUUM ANALYZE span_search');
}
const searchable = ((await pool.query('SELECT 1 FROM span_search LIMIT 1')).rowCount ?? 0) > 0;
const stats = await pool.query<{ traces: string; size: string }>(
  "SELECT (SELECT count(*) FROM traces) AS traces, pg_size_pretty(pg_database_size(current_database())) AS size",
);
const sampleIds = (await pool.query<{ trace_id: string }>('SELECT trace_id FROM traces TABLESAMPLE SYSTEM (1) LIMIT 200')).rows.map((row) => row.trace_id);
await pool.end();
console.log(`data: ${data.spans.toLocaleString()} spans, ${Number(stats.rows[0]?.traces).toLocaleString()} traces, ${stats.rows[0]?.size}, ${new Date(data.fromMs).toISOString()} .. ${new Date(data.toMs).toISOString()}`);

const api = createQueryApi(
  loadQueryApiConfig({ DATABASE_URL: databaseUrl, QUERY_CACHE_TTL_SECONDS: '0', QUERY_DB_POOL_MAX: '6', LOG_LEVEL: 'silent' }),
  pino({ level: 'silent' }),
);
// "now" is the end of the data, to the millisecond: ranges end off the minute, like a dashboard's.
const now = data.toMs - 12_345;
const iso = (ms: number) => new Date(ms).toISOString();
const [service] = SERVICES;
const model = MODELS[0]?.model;
let sample = 0;

const QUERIES: Array<{ name: string; target?: boolean; path: () => string }> = [
  { name: 'trace list, 3 filters (service, model, min_cost)', target: true, path: () => `/api/traces?service=${service}&model=${model}&min_cost=0.01` },
  { name: 'trace by id', target: true, path: () => `/api/traces/${sampleIds[sample++ % sampleIds.length]}` },
  { name: 'cost breakdown by model, 30 days', target: true, path: () => `/api/analytics/cost?from=${iso(now - 30 * DAY)}&to=${iso(now)}&group_by=model` },
  { name: 'latency percentiles by service, 7 days', target: true, path: () => `/api/analytics/latency?from=${iso(now - 7 * DAY)}&to=${iso(now)}&group_by=service` },
  { name: 'trace list, errors of a service in the last day', path: () => `/api/traces?service=${service}&status=error&from=${iso(now - DAY)}` },
  { name: 'trace list of one user', path: () => `/api/traces?user_id=user-4321` },
  { name: 'span list, 3 filters (provider, status, max_latency)', path: () => `/api/spans?provider=anthropic&status=error&max_latency=900` },
  { name: 'tokens by provider, 30 days, daily trend', path: () => `/api/analytics/tokens?from=${iso(now - 30 * DAY)}&to=${iso(now)}&group_by=provider` },
  { name: 'latency by model, 24 h, minute trend', path: () => `/api/analytics/latency?from=${iso(now - DAY / 4)}&to=${iso(now)}&group_by=model&interval=minute` },
  { name: 'cost by user, 7 days (raw spans)', path: () => `/api/analytics/cost?from=${iso(now - 7 * DAY)}&to=${iso(now)}&group_by=user_id` },
  { name: 'cost of one model, 30 days (trace count on traces)', path: () => `/api/analytics/cost?from=${iso(now - 30 * DAY)}&to=${iso(now)}&model=${model}` },
  { name: 'export 5,000 spans as NDJSON', path: () => `/api/export?limit=5000` },
];
const words = vocabularyOf(42);
if (searchable) {
  QUERIES.push(
    { name: `trace list, q=${words[2000]} (a rare word)`, path: () => `/api/traces?q=${words[2000]}` },
    { name: `trace list, q=${words[3]} (a common word)`, path: () => `/api/traces?q=${words[3]}` },
    { name: `span list, q=${words[1500]} + service, 7 days`, path: () => `/api/spans?q=${words[1500]}&service=${service}&from=${iso(now - 7 * DAY)}` },
  );
}

const runs = Number(args.runs);
console.log(`\n${'query'.padEnd(56)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)}  target p95 < 100 ms`);
let failures = 0;
for (const query of QUERIES) {
  const timings: number[] = [];
  for (let i = 0; i < runs + 3; i += 1) {
    const started = performance.now();
    const response = await api.app.request(query.path());
    await response.text();
    if (response.status !== 200) throw new Error(`${query.name}: HTTP ${response.status}`);
    if (i >= 3) timings.push(performance.now() - started);
  }
  timings.sort((a, b) => a - b);
  const p95 = percentile(timings, 0.95);
  const verdict = query.target ? (p95 < 100 ? 'ok' : 'MISSED') : '(extra)';
  if (query.target && p95 >= 100) failures += 1;
  console.log(`${query.name.padEnd(56)} ${percentile(timings, 0.5).toFixed(1).padStart(8)} ${p95.toFixed(1).padStart(8)}  ${verdict}`);
}
await api.stop();
process.exitCode = failures > 0 ? 1 : 0;

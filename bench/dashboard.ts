/**
 * Dashboard speed in a real browser (headless Chromium) with 1 million spans stored: the
 * trace list's first page, and a 3,000-span trace rendered and interactive. Loads the spans
 * by COPY into `lumina_bench_dashboard` (kept and reused), serves the built dashboard from the
 * query API, and times each page from navigation start (the page's own performance.now()).
 *
 *   npm run bench:dashboard                 # 1M spans, 5 runs per page
 *   npx tsx bench/dashboard.ts --spans 200000 --runs 3 --reload
 */
import { loadavg, cpus } from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { pino } from 'pino';
import { SPAN_INSERT_COLUMNS } from '@lumina/db';
import { dropDatabase, migrate, withDatabase } from '@lumina/db';
import { createQueryApi, loadQueryApiConfig } from '@lumina/query-api';
import { ensureDashboardBuilt } from '../scripts/dashboard-build.js';
import { launchBrowser } from '../test/support/browser.js';
import { BIG_TRACE_ID, bigTrace } from './dashboard/big-trace.js';
import { measureTraceList, measureBigTrace, type Timing } from './dashboard/measure.js';
import { TRACE_COPY_COLUMNS, copyInto, copySpans, spanLine, traceLine } from './query/load.js';

const { values: args } = parseArgs({
  options: {
    spans: { type: 'string', default: '1000000' },
    'trace-spans': { type: 'string', default: '3000' },
    days: { type: 'string', default: '7' },
    runs: { type: 'string', default: '5' },
    reload: { type: 'boolean', default: false },
  },
});

const DAY = 86_400_000;
const spanTarget = Number(args.spans);
const traceSpans = Number(args['trace-spans']);
const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const databaseUrl = withDatabase(serverUrl, process.env.BENCH_DASHBOARD_DB ?? 'lumina_bench_dashboard');
const log = (message: string) => console.log(message);

async function loadedSpans(): Promise<number | null> {
  const client = new pg.Client({ connectionString: databaseUrl });
  try {
    await client.connect();
    const { rows } = await client.query<{ spans: string; trace_spans: string }>('SELECT spans, trace_spans FROM bench_meta');
    const row = rows[0];
    return row && Number(row.trace_spans) === traceSpans && Number(row.spans) >= spanTarget && Number(row.spans) <= spanTarget * 1.01 ? Number(row.spans) : null;
  } catch {
    return null;
  } finally {
    await client.end().catch(() => {});
  }
}

async function load(): Promise<number> {
  log(`loading ${spanTarget.toLocaleString()} spans over ${args.days} days into ${new URL(databaseUrl).pathname.slice(1)}`);
  await dropDatabase(databaseUrl);
  await migrate(databaseUrl);
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  const toMs = Date.now() - 60_000;
  const started = Date.now();
  const spans = await copySpans(pool, { databaseUrl, spans: spanTarget - traceSpans, fromMs: toMs - Number(args.days) * DAY, toMs, promptBytes: [200, 600], log });
  const big = bigTrace(traceSpans, toMs - 120_000);
  const spanCopy = await copyInto(databaseUrl, 'spans', SPAN_INSERT_COLUMNS);
  await spanCopy.write(big.map(spanLine).join(''));
  await spanCopy.end();
  const traceCopy = await copyInto(databaseUrl, 'traces', TRACE_COPY_COLUMNS);
  await traceCopy.write(traceLine(big));
  await traceCopy.end();
  log(`copied in ${Math.round((Date.now() - started) / 1000)} s; vacuum analyze`);
  await pool.query('VACUUM ANALYZE');
  await pool.query('CREATE TABLE bench_meta (spans bigint, trace_spans int, loaded_at timestamptz DEFAULT now())');
  await pool.query('INSERT INTO bench_meta (spans, trace_spans) VALUES ($1, $2)', [spans + big.length, traceSpans]);
  await pool.end();
  return spans + big.length;
}

function summary(name: string, timings: Timing[]): void {
  const sorted = (pick: (t: Timing) => number) => timings.map(pick).sort((a, b) => a - b);
  const median = (values: number[]) => values[Math.floor(values.length / 2)]!;
  const first = timings[0]!;
  const rendered = sorted((t) => t.renderedMs);
  const interactive = sorted((t) => t.interactiveMs);
  const cell = (value: number) => value.toFixed(0).padStart(9);
  console.log(
    `${name.padEnd(36)}${cell(first.renderedMs)}${cell(first.interactiveMs)}${cell(median(rendered))}${cell(median(interactive))}${cell(interactive.at(-1)!)}` +
      `${cell(median(sorted((t) => t.scriptLoadedMs)))}${cell(median(sorted((t) => t.apiStartMs)))}${cell(median(sorted((t) => t.apiEndMs - t.apiStartMs)))}  ${median(interactive) < 1000 ? 'ok' : 'MISSED'}`,
  );
}

ensureDashboardBuilt(log);
const spans = (!args.reload && (await loadedSpans())) || (await load());
await migrate(databaseUrl);
const api = createQueryApi(loadQueryApiConfig({ DATABASE_URL: databaseUrl, QUERY_API_PORT: '0', QUERY_CACHE_TTL_SECONDS: '0', LOG_LEVEL: 'silent' }), pino({ level: 'silent' }));
const { port } = await api.start();
const browser = await launchBrowser();
const baseUrl = `http://127.0.0.1:${port}`;
try {
  const runs = Number(args.runs);
  const list: Timing[] = [];
  const trace: Timing[] = [];
  // Each run in a fresh browser context: no HTTP cache, no app state (the first run also pays the browser's own warm-up).
  for (let run = 0; run < runs; run += 1) list.push(await measureTraceList(browser, baseUrl));
  for (let run = 0; run < runs; run += 1) trace.push(await measureBigTrace(browser, baseUrl, BIG_TRACE_ID, traceSpans));
  console.log(`\nmachine: ${cpus().length} cores, load average ${loadavg().map((load) => load.toFixed(1)).join(' / ')} (1/5/15 min)`);
  console.log(`data: ${spans.toLocaleString()} spans; the big trace has ${traceSpans.toLocaleString()}; ${runs} runs per page, each in a fresh browser context`);
  console.log(`${'ms from navigation start'.padEnd(36)}  1st:rend   1st:int  med:rend   med:int   max:int  med:js-in med:api-go  med:api  target < 1000 ms`);
  summary('trace list, first page (50 traces)', list);
  summary(`trace detail, ${traceSpans.toLocaleString()} spans`, trace);
} finally {
  await browser.close();
  await api.stop();
}

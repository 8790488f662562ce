import pg from 'pg';
import { pino } from 'pino';
import { openDatabase } from '../query-api/src/database.js';
import { loadQueryApiConfig } from '../query-api/src/config.js';
import { planSearch } from '../query-api/src/search.js';
import { traceListQuery } from '../query-api/src/sql/trace-queries.js';
const url = 'postgres://postgres@127.0.0.1:5432/lumina_bench_query';
const db = openDatabase(loadQueryApiConfig({ DATABASE_URL: url, LOG_LEVEL: 'debug' }), pino({ level: 'debug' }));
const pool = new pg.Pool({ connectionString: url });
await pool.query('SET jit = off');
const filters = { q: process.argv[2] ?? 'erererbr' };
let t0 = performance.now();
try {
  const plan = await planSearch(db, 'default', filters, 'traces');
  console.log('plan', plan?.kind, plan?.kind === 'matches' ? plan.traceIds.length : '', (performance.now() - t0).toFixed(0), 'ms');
  const q = traceListQuery('default', filters, plan, null, 50);
  t0 = performance.now();
  const r = await pool.query('EXPLAIN (ANALYZE) ' + q.text, q.values);
  console.log(r.rows.map((x: any) => x['QUERY PLAN']).filter((l: string) => !/span_search_2026|spans_2026/.test(l)).slice(0, 40).join('\n'));
} catch (e) { console.log('error', e, (performance.now() - t0).toFixed(0)); }
await pool.end(); await db.close();

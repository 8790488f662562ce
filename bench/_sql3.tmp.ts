import pg from 'pg';
import { createPricer } from '@lumina/core';
import { decodeTraceRequest } from '@lumina/proto';
import { SPAN_ROLLUP_CTE as ROLLUP } from '@lumina/db';
import { createTestDatabase } from '@lumina/db/testing';
import { flattenTraceRequest } from '../processors/src/flatten.js';
import { enrichSpan } from '../processors/src/enrich.js';
import { createSpanWriter } from '../processors/src/persist.js';
import { realisticRequest } from './ingest/realistic-spans.js';
const pricer = createPricer();
for (const variant of ['pglz', 'lz4', 'pglz', 'lz4']) {
  const db = await createTestDatabase('lumina_sqlprof');
  const pool = new pg.Pool({ connectionString: db.url });
  if (variant === 'lz4') for (const c of ['prompt', 'response', 'system_prompt', 'attributes', 'resource']) await pool.query(`ALTER TABLE spans ALTER COLUMN ${c} SET COMPRESSION lz4`);
  const writer = createSpanWriter(pool, [ROLLUP]);
  let total = 0, n = 0;
  for (let k = 0; k < 6; k++) {
    const recs = flattenTraceRequest(decodeTraceRequest(realisticRequest(2000, ['a', 'b'], Date.now()))).map((s) => enrichSpan(s, 'default', pricer));
    if (k === 0) { await writer.write(recs); continue; }
    const t = performance.now(); await writer.write(recs); total += performance.now() - t; n += 2000;
  }
  console.log(variant, Math.round(n / (total / 1000)), 'spans/s single writer');
  await pool.end(); await db.drop();
}

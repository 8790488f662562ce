/**
 * `npm run reprice -- --from <time> --to <time> [--model <name>] [--project <id>] [--batch <n>]`
 *
 * Recomputes the cost of the LLM calls stored with a start time in [from, to) using the
 * current price tables (the bundled catalog, and PRICE_OVERRIDES_FILE or the bundled
 * overrides), and corrects trace summaries and rollups by exactly the difference. Run it
 * after restarting the processors with the new prices, so calls arriving meanwhile are
 * priced right too. Times: ISO 8601 or epoch milliseconds. Idempotent; safe while ingest runs.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_DATABASE_URL } from '@lumina/core';
import { migrate, repriceCalls } from '@lumina/db';
import { configuredPricer, openPool } from '@lumina/runtime';
import { pino } from 'pino';

const USAGE = 'usage: npm run reprice -- --from <ISO 8601 | epoch ms> --to <ISO 8601 | epoch ms> [--model <name>] [--project <id>] [--batch <calls per transaction>]';

function fail(message: string): never {
  console.error(`reprice: ${message}\n${USAGE}`);
  process.exit(2);
}

function time(name: string, value: string | undefined): Date {
  if (value === undefined) fail(`--${name} is required`);
  const date = /^\d+$/.test(value) ? new Date(Number(value)) : new Date(value);
  if (Number.isNaN(date.getTime())) fail(`--${name} "${value}" is not an ISO 8601 time or epoch milliseconds`);
  return date;
}

const { values } = (() => {
  try {
    return parseArgs({
      options: { from: { type: 'string' }, to: { type: 'string' }, model: { type: 'string' }, project: { type: 'string' }, batch: { type: 'string' } },
      strict: true,
    });
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
})();
const from = time('from', values.from);
const to = time('to', values.to);
if (to <= from) fail('--to must be after --from');
const batchSize = values.batch === undefined ? 1000 : Number(values.batch);
if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 100_000) fail('--batch must be a whole number from 1 to 100000');

const databaseUrl = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
const pricer = configuredPricer({ PRICE_OVERRIDES_FILE: process.env.PRICE_OVERRIDES_FILE });
await migrate(databaseUrl);
const pool = openPool({ url: databaseUrl, max: 1, applicationName: 'lumina-reprice' }, pino({ level: 'warn' }));
try {
  const result = await repriceCalls(pool, pricer, { from, to, model: values.model, projectId: values.project, batchSize }, (progress) =>
    console.log(`scanned ${progress.scanned} calls, changed ${progress.changed}, cost change ${progress.deltaUsd.toFixed(10)} USD`),
  );
  console.log(`reprice done: ${result.scanned} calls scanned, ${result.changed} changed, total cost change ${result.deltaUsd.toFixed(10)} USD`);
} finally {
  await pool.end();
}

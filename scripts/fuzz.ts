/**
 * npm run fuzz [-- --count 100000 --seed lumina --concurrency 16 --only 17,4242]
 *
 * Starts the platform (ingest, processors, upkeep, query API, replay as separate processes,
 * on a database and streams of the run's own), sends generated hostile inputs to ingest
 * (OTLP/HTTP protobuf and JSON, gzip or not, gRPC) and to the query and replay APIs, then a
 * valid export through the official exporters. Prints counts by outcome per target; exits
 * non-zero on a crash, a 5xx other than 503, a payload ingest accepted but the processors
 * dead-lettered (each reason is printed), or a valid export not stored whole.
 * Input i is drawn from a generator seeded `<seed>:<i>`, so `--seed S --only i` sends it again.
 */
import { parseArgs } from 'node:util';
import { formatFuzzReport } from './fuzz/report.js';
import { runFuzz } from './fuzz/run.js';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '100000' },
    seed: { type: 'string', default: 'lumina' },
    concurrency: { type: 'string', default: '16' },
    'timeout-ms': { type: 'string', default: '60000' },
    only: { type: 'string' },
    /** write each dead-lettered payload (<seq>.bin) and its reason (<seq>.txt) to this folder */
    'dlq-dir': { type: 'string' },
    /** print every input and its outcome as it completes */
    verbose: { type: 'boolean', default: false },
  },
});

const count = Number(values.count);
const concurrency = Number(values.concurrency);
if (!Number.isInteger(count) || count < 1 || !Number.isInteger(concurrency) || concurrency < 1) {
  console.error('fuzz: --count and --concurrency take whole numbers ≥ 1');
  process.exit(2);
}

let lastPrinted = 0;
const report = await runFuzz({
  seed: values.seed,
  count,
  concurrency,
  timeoutMs: Number(values['timeout-ms']),
  finalTimeoutMs: 180_000,
  only: values.only?.split(',').map(Number),
  dlqDir: values['dlq-dir'],
  natsUrl: process.env.NATS_URL ?? 'nats://127.0.0.1:4222',
  serverUrl: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  onOutcome: values.verbose ? (index, target, outcome, input) => console.error(`#${index} ${target}: ${outcome.label} ← ${input()}`) : undefined,
  progress: (done, total) => {
    if (done - lastPrinted >= Math.max(1000, Math.round(total / 20)) || done === total) {
      lastPrinted = done;
      console.error(`… ${done} / ${total}`);
    }
  },
});
console.log(formatFuzzReport(report));
process.exit(report.passed ? 0 : 1);

/**
 * npm run bench:replay [-- --calls 1000 --concurrency 20 --latency-ms 50 --runs 3]
 *
 * Replay throughput (issue #15): `--calls` stored LLM calls (5 per trace) are captured and
 * replayed live through the official OpenAI SDK against the provider stand-in, which answers
 * each call after `--latency-ms`. The replay service runs as its own process, as in
 * production; the stand-in runs in this one. One warm-up run, then `--runs` measured runs
 * of the same set (each run resets and redoes every call). The run time is the service's
 * own (the set's started_at → finished_at); the overhead is the mean time a call holds a
 * concurrency slot beyond the stand-in's latency: run time × concurrency / calls − latency.
 */
import { parseArgs } from 'node:util';
import pg from 'pg';
import { dropDatabase, migrate, withDatabase } from '@lumina/db';
import { seedCalls, type SeedCall } from '@lumina/db/testing/seed';
import { startLlmStandIn } from '../test/support/llm-stand-in.js';
import { findFreePort } from '../scripts/collector/ports.js';
import { cpuSeconds, postgresCpuSeconds } from './ingest/cpu-time.js';
import { withBenchLock } from './ingest/lock.js';
import { peakRssMiB, startService, stopService, waitHealthy } from './ingest/processes.js';

const { values } = parseArgs({
  options: {
    calls: { type: 'string', default: '1000' },
    concurrency: { type: 'string', default: '20' },
    'latency-ms': { type: 'string', default: '50' },
    runs: { type: 'string', default: '3' },
  },
});
const calls = Number(values.calls);
const concurrency = Number(values.concurrency);
const latencyMs = Number(values['latency-ms']);
const runs = Number(values.runs);
const CALLS_PER_TRACE = 5;

const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const database = 'lumina_bench_replay';
const dbUrl = withDatabase(serverUrl, database);

const QUESTIONS = [
  'My order 81723 was due yesterday and has not arrived. Can you check where it is and when it will be delivered?',
  'Summarize the return policy for electronics bought during the holiday sale, including the deadline.',
  'Which of your plans includes priority support, and how much does upgrading from the basic plan cost per month?',
];

function storedCalls(): SeedCall[] {
  const now = Date.now();
  return Array.from({ length: calls }, (_, n) => {
    const question = `${QUESTIONS[n % QUESTIONS.length]} (ticket ${n})`;
    return {
      traceId: Math.floor(n / CALLS_PER_TRACE).toString(16).padStart(32, '0'),
      spanId: (n + 1).toString(16).padStart(16, '0'),
      startMs: now - 3_600_000 + n * 100,
      latencyMs: 900 + (n % 7) * 100,
      provider: 'openai',
      model: 'gpt-4o',
      systemPrompt: 'You are a support agent for an online shop. Answer in two sentences.',
      prompt: question,
      // the stand-in echoes the input: every replay is identical, so no judge is asked
      response: `echo: ${question}`,
      promptTokens: 60,
      completionTokens: 30,
      costUsd: 0.00045,
    };
  });
}

async function json(url: string, method: string, body?: unknown): Promise<any> {
  const response = await fetch(url, { method, ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }) });
  const parsed = await response.json();
  if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${JSON.stringify(parsed)}`);
  return parsed;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

await withBenchLock(async () => {
  await dropDatabase(dbUrl);
  await migrate(dbUrl);
  const pool = new pg.Pool({ connectionString: dbUrl });
  await seedCalls(pool, storedCalls());
  await pool.end();

  const standIn = await startLlmStandIn({ latencyMs });
  const port = await findFreePort();
  const service = startService('replay/src/main.ts', {
    DATABASE_URL: dbUrl,
    REPLAY_PORT: String(port),
    OPENAI_API_KEY: 'sk-bench',
    OPENAI_BASE_URL: standIn.openAiBaseUrl,
    REPLAY_JUDGE_ENABLED: 'false',
    REPLAY_MAX_CONCURRENCY: String(concurrency),
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitHealthy(`${url}/health`);
    const traceIds = [...new Set(storedCalls().map((call) => call.traceId))];
    const set = await json(`${url}/replay/capture`, 'POST', { name: 'bench', trace_ids: traceIds });
    const measured: { seconds: number; failed: number; cpu: number; pgCpu: number }[] = [];
    for (let run = 0; run <= runs; run += 1) {
      standIn.reset();
      const cpuBefore = cpuSeconds(service.pid!);
      const pgBefore = postgresCpuSeconds(database);
      const done = await json(`${url}/replay/run?wait=true`, 'POST', { replay_id: set.replay_id, concurrency });
      const seconds = (Date.parse(done.finished_at) - Date.parse(done.started_at)) / 1000;
      if (done.status !== 'completed' || done.completed_calls !== calls) throw new Error(`run ended ${done.status} with ${done.completed_calls} calls`);
      if (standIn.requestsTo('openai').length !== calls) throw new Error(`the stand-in got ${standIn.requestsTo('openai').length} calls`);
      const figures = { seconds, failed: done.failed_calls, cpu: cpuSeconds(service.pid!) - cpuBefore, pgCpu: postgresCpuSeconds(database) - pgBefore };
      console.log(`${run === 0 ? 'warm-up' : `run ${run}`}: ${seconds.toFixed(3)} s, ${(calls / seconds).toFixed(0)} calls/s, replay CPU ${figures.cpu.toFixed(2)} s, postgres CPU ${figures.pgCpu.toFixed(2)} s`);
      if (run > 0) measured.push(figures);
    }
    const seconds = median(measured.map((m) => m.seconds));
    const ideal = (Math.ceil(calls / concurrency) * latencyMs) / 1000;
    const overheadMs = (seconds * concurrency * 1000) / calls - latencyMs;
    console.log(`\nreplay of ${calls} calls, concurrency ${concurrency}, stand-in latency ${latencyMs} ms (median of ${runs} runs)`);
    console.table({
      'run time (s)': seconds.toFixed(3),
      'calls/s': (calls / seconds).toFixed(0),
      'ceiling at this latency and concurrency (calls/s)': ((concurrency * 1000) / latencyMs).toFixed(0),
      'ideal run time (s)': ideal.toFixed(3),
      'overhead per call beyond the stand-in (ms)': overheadMs.toFixed(1),
      'failed calls': measured.map((m) => m.failed).join(', '),
      'replay CPU per call (ms)': ((median(measured.map((m) => m.cpu)) * 1000) / calls).toFixed(2),
      'postgres CPU per call (ms)': ((median(measured.map((m) => m.pgCpu)) * 1000) / calls).toFixed(2),
      'replay peak RSS (MiB)': peakRssMiB(service.pid!),
    });
  } finally {
    await stopService(service);
    await standIn.close();
    await dropDatabase(dbUrl);
  }
});

/**
 * `npm run replay -- <command>`: the replay API from a terminal.
 *
 *   capture --name N [--description D] (--trace-id ID … | [--service S] [--model M] [--from T] [--to T] [--time-range 24h] [--sample-size N] [--seed S])
 *   run ID [--model M] [--provider P] [--system-prompt S] [--prompt-template T] [--temperature X] [--max-tokens N] [--concurrency N]
 *   show ID
 *   list
 *
 * REPLAY_URL (default http://127.0.0.1:8082) says where the API is. `run` draws a progress
 * bar while the run goes, then prints the summary and the calls compared.
 */
import { parseArgs } from 'node:util';
import { replayApi, ReplayApiFailure } from './cli/api-client.js';
import { progressLine } from './cli/progress-bar.js';
import { resultsTable, setsTable, summaryTable, type ResultView, type SetView } from './cli/tables.js';

const USAGE = `usage: npm run replay -- <command>
  capture --name N [--description D] (--trace-id ID ... | [--service S] [--model M] [--from T] [--to T] [--time-range 24h] [--sample-size N] [--seed S])
  run ID [--model M] [--provider P] [--system-prompt S] [--prompt-template T] [--temperature X] [--max-tokens N] [--concurrency N]
  show ID
  list
REPLAY_URL: the replay API (default http://127.0.0.1:8082)`;

const api = replayApi((process.env.REPLAY_URL ?? 'http://127.0.0.1:8082').replace(/\/$/, ''));
const POLL_MS = 250;

const OPTIONS = {
  name: { type: 'string' },
  description: { type: 'string' },
  'trace-id': { type: 'string', multiple: true },
  service: { type: 'string' },
  model: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  'time-range': { type: 'string' },
  'sample-size': { type: 'string' },
  seed: { type: 'string' },
  provider: { type: 'string' },
  'system-prompt': { type: 'string' },
  'prompt-template': { type: 'string' },
  temperature: { type: 'string' },
  'max-tokens': { type: 'string' },
  concurrency: { type: 'string' },
} as const;

type Options = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

const num = (value: string | undefined) => (value === undefined ? undefined : Number(value));
const defined = (record: Record<string, unknown>) => Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));

async function capture(options: Options): Promise<void> {
  const filters = defined({
    service: options.service,
    model: options.model,
    from: options.from,
    to: options.to,
    time_range: options['time-range'],
    sample_size: num(options['sample-size']),
    seed: options.seed,
  });
  const body = defined({
    name: options.name,
    description: options.description,
    trace_ids: options['trace-id'],
    filters: options['trace-id'] === undefined ? filters : undefined,
  });
  const set = await api.post<{ replay_id: string; total_traces: number; total_calls: number }>('/replay/capture', body);
  console.log(`captured ${set.total_traces} traces (${set.total_calls} LLM calls) as replay set ${set.replay_id}`);
  console.log(`next: npm run replay -- run ${set.replay_id} --model <model>`);
}

async function showResults(replayId: string, set: SetView): Promise<void> {
  const { results } = await api.get<{ results: ResultView[] }>(`/replay/${replayId}/diff`);
  console.log(`\n${set.name} (${set.replay_id}): ${set.status}, ${set.mode ?? 'never run'}, ${set.total_traces} traces, ${set.completed_calls}/${set.total_calls} calls`);
  console.log(`\n${summaryTable(set)}\n`);
  console.log(resultsTable(results));
}

async function run(replayId: string, options: Options): Promise<void> {
  const body = defined({
    replay_id: replayId,
    model: options.model,
    provider: options.provider,
    system_prompt: options['system-prompt'],
    prompt_template: options['prompt-template'],
    temperature: num(options.temperature),
    max_tokens: num(options['max-tokens']),
    concurrency: num(options.concurrency),
  });
  const started = performance.now();
  let set = await api.post<SetView>('/replay/run', body);
  const live = process.stdout.isTTY === true;
  let last = '';
  while (set.status === 'running') {
    const line = progressLine({ completed: set.completed_calls, total: set.total_calls, failed: set.failed_calls, elapsedMs: performance.now() - started });
    if (live) process.stdout.write(`\r${line}`);
    else if (line.split(' · ')[0] !== last.split(' · ')[0]) console.log(line);
    last = line;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    set = await api.get<SetView>(`/replay/${replayId}`);
  }
  const done = progressLine({ completed: set.completed_calls, total: set.total_calls, failed: set.failed_calls, elapsedMs: performance.now() - started });
  process.stdout.write(live ? `\r${done}\n` : `${done}\n`);
  await showResults(replayId, set);
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  const [command, id] = positionals;
  switch (command) {
    case 'capture':
      await capture(values);
      return 0;
    case 'run':
      if (!id) break;
      await run(id, values);
      return 0;
    case 'show':
      if (!id) break;
      await showResults(id, await api.get<SetView>(`/replay/${id}`));
      return 0;
    case 'list': {
      const { data } = await api.get<{ data: SetView[] }>('/replay');
      console.log(data.length === 0 ? 'no replay sets yet' : setsTable(data));
      return 0;
    }
  }
  console.error(USAGE);
  return 2;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (error instanceof ReplayApiFailure) console.error(`replay API: ${error.status} ${error.code}: ${error.message}`);
  else console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}

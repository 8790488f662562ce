/**
 * The time @lumina/sdk adds to an LLM call: `traceLLM` around a function that resolves at once
 * with an OpenAI `ChatCompletion`, against the same function called bare. Export is excluded (a
 * no-op exporter behind the SDK's usual sampling and batch processors); the compiled package is
 * measured, as an app would load it. Plain and streamed (10-chunk) calls, alternated with their
 * bare counterparts so that drift hits both alike.
 *
 *   npm run bench:sdk
 *   npx tsx bench/sdk.ts --calls 50000
 */
import { parseArgs } from 'node:util';
import { initLumina } from '@lumina/sdk';

const { values: args } = parseArgs({ options: { calls: { type: 'string', default: '20000' }, warmup: { type: 'string', default: '2000' } } });
const calls = Number(args.calls);
const warmup = Number(args.warmup);

const noopExporter = { export: (_spans: unknown[], done: (result: { code: number }) => void) => done({ code: 0 }), shutdown: async () => {} };
const lumina = initLumina({ service_name: 'bench-sdk', spanExporter: noopExporter });

const messages = [
  { role: 'system', content: 'You are a support agent for an online shop. Answer in two sentences.' },
  { role: 'user', content: 'Where is my order 81723? It was due yesterday.' },
];
const completion = {
  object: 'chat.completion' as const,
  id: 'chatcmpl-bench',
  model: 'gpt-4o-mini-2024-07-18',
  choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'Your order left the warehouse today. It should arrive tomorrow.' } }],
  usage: { prompt_tokens: 48, completion_tokens: 14, prompt_tokens_details: { cached_tokens: 0 } },
};
const options = { name: 'chat gpt-4o-mini', system: 'openai', model: 'gpt-4o-mini', prompt: messages, metadata: { userId: 'u-1', sessionId: 's-1' }, tags: ['bench'] };

const plainCall = async () => completion;
async function* chunks() {
  for (const piece of ['Your ', 'order ', 'left ', 'the ', 'warehouse ', 'today. ', 'It ', 'arrives ', 'tomorrow.']) {
    yield { object: 'chat.completion.chunk', id: 'c', model: completion.model, choices: [{ index: 0, delta: { content: piece }, finish_reason: null }] };
  }
  yield { object: 'chat.completion.chunk', id: 'c', model: completion.model, choices: [], usage: completion.usage };
}
const streamCall = async () => chunks();
const drain = async (stream: AsyncIterable<unknown>) => {
  for await (const chunk of stream) void chunk;
};

type Case = { name: string; bare: () => Promise<unknown>; traced: () => Promise<unknown> };
const CASES: Case[] = [
  { name: 'plain call', bare: () => plainCall(), traced: () => lumina.traceLLM(plainCall, options) },
  { name: 'streamed call (10 chunks)', bare: () => streamCall().then(drain), traced: () => lumina.traceLLM(streamCall, options).then(drain) },
];

const percentile = (sorted: Float64Array, p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
const micros = (ns: bigint) => Number(ns) / 1000;

async function measure(benchCase: Case): Promise<{ bare: Float64Array; traced: Float64Array }> {
  const bare = new Float64Array(calls);
  const traced = new Float64Array(calls);
  for (let i = 0; i < warmup; i++) {
    await benchCase.bare();
    await benchCase.traced();
  }
  for (let i = 0; i < calls; i++) {
    let start = process.hrtime.bigint();
    await benchCase.bare();
    bare[i] = micros(process.hrtime.bigint() - start);
    start = process.hrtime.bigint();
    await benchCase.traced();
    traced[i] = micros(process.hrtime.bigint() - start);
  }
  return { bare: bare.sort(), traced: traced.sort() };
}

console.log(`@lumina/sdk overhead per traceLLM call, ${calls} calls per case after ${warmup} warm-up (node ${process.version}, export excluded)`);
console.log('case                        | bare p50 | traced p50 | added p50 | bare p99 | traced p99 | added p99   (µs)');
for (const benchCase of CASES) {
  const { bare, traced } = await measure(benchCase);
  const [b50, t50, b99, t99] = [percentile(bare, 0.5), percentile(traced, 0.5), percentile(bare, 0.99), percentile(traced, 0.99)];
  const cell = (value: number, width: number) => value.toFixed(1).padStart(width);
  console.log(`${benchCase.name.padEnd(27)} | ${cell(b50, 8)} | ${cell(t50, 10)} | ${cell(t50 - b50, 9)} | ${cell(b99, 8)} | ${cell(t99, 10)} | ${cell(t99 - b99, 9)}`);
}
await lumina.shutdown();

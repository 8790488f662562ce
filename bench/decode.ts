/**
 * The processors' decode stage, old vs new, on realistic OTLP/protobuf requests (both trace
 * shapes of bench:ingest): `flattenTraceRequest(decodeTraceRequest(bytes))` (protobuf-es object
 * tree, then flatten) against `decodeFlatSpans(bytes)` (one walk over the wire). Prints, per
 * shape, the median CPU µs per span over several runs (the two taking turns), the GC pause time per span while timing,
 * and the bytes allocated per span (heap growth over one decode of a small request, GC forced
 * before it, kept only when no GC ran during it). No assertions.
 *
 *   npm run bench:decode
 *   npm run bench:decode -- --spans 100 --requests 40 --runs 9
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { getHeapStatistics } from 'node:v8';
import type { FlatSpan } from '@lumina/core';
import { decodeFlatSpans, decodeTraceRequest, flattenTraceRequest } from '@lumina/proto';
import { watchGcPauses } from './gc-pauses.js';
import { realisticRequest } from './ingest/realistic-spans.js';
import { rerunWithNodeFlags } from './rerun-with-node-flags.js';

// Allocation is measured right after a forced GC: rerun with gc() exposed (it changes no GC setting).
rerunWithNodeFlags(import.meta.url, ['--expose-gc']);
const gc = globalThis.gc as () => void;

const { values: args } = parseArgs({
  options: {
    spans: { type: 'string', default: '100' },
    requests: { type: 'string', default: '40' },
    runs: { type: 'string', default: '9' },
    'alloc-spans': { type: 'string', default: '10' },
  },
});
const spansPerRequest = Number(args.spans);
const requestCount = Number(args.requests);
const runs = Number(args.runs);
const allocSpans = Number(args['alloc-spans']);

type Decoder = (bytes: Uint8Array) => FlatSpan[];
const DECODERS: [string, Decoder][] = [
  ['old: flatten(decodeTraceRequest)', (bytes) => flattenTraceRequest(decodeTraceRequest(bytes))],
  ['new: decodeFlatSpans', decodeFlatSpans],
];

const gcPauses = watchGcPauses();

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** CPU µs (user + system, this process) of one pass of `decode` over every request, per span. */
function passCpuUs(decode: Decoder, requests: Uint8Array[]): number {
  let spans = 0;
  const start = process.cpuUsage();
  for (const bytes of requests) spans += decode(bytes).length;
  const used = process.cpuUsage(start);
  return (used.user + used.system) / spans;
}

/**
 * Median CPU µs per span of each decoder over `runs` passes, the decoders taking turns pass by
 * pass so that load from elsewhere on the machine falls on both alike; and GC pause µs per span.
 */
async function timePerSpan(decoders: Decoder[], requests: Uint8Array[]): Promise<{ cpuUs: number; gcUs: number }[]> {
  for (const decode of decoders) for (const bytes of requests) decode(bytes); // warm up
  const passes = decoders.map(() => [] as number[]);
  const pauses = decoders.map(() => 0);
  for (let run = 0; run < runs; run += 1) {
    for (const [i, decode] of decoders.entries()) {
      await gcPauses.settle();
      const pauseBefore = gcPauses.pauseMs;
      passes[i]!.push(passCpuUs(decode, requests));
      await gcPauses.settle();
      pauses[i]! += gcPauses.pauseMs - pauseBefore;
    }
  }
  return decoders.map((_, i) => ({ cpuUs: median(passes[i]!), gcUs: (pauses[i]! * 1000) / (runs * requests.length * spansPerRequest) }));
}

/** Median bytes allocated per span by one decode of a request, measured where no GC ran during it. */
async function bytesPerSpan(decode: Decoder, requests: Uint8Array[]): Promise<number> {
  const samples: number[] = [];
  for (const bytes of requests) {
    gc();
    const start = performance.now();
    const before = getHeapStatistics().used_heap_size;
    const spans = decode(bytes);
    const grown = getHeapStatistics().used_heap_size - before;
    const end = performance.now();
    await gcPauses.settle();
    if (!gcPauses.starts.some((at) => at >= start && at <= end)) samples.push(grown / spans.length);
  }
  if (samples.length === 0) throw new Error('a GC ran during every measured decode: pass fewer --alloc-spans');
  return median(samples);
}

const now = Date.now();
console.log(`decode stage: ${requestCount} requests × ${spansPerRequest} spans, median of ${runs} runs (node ${process.version})`);
for (const [shape, callsPerTrace] of [
  ['traces of a root + 3 LLM calls', 3],
  ['lone LLM calls', 0],
] as const) {
  const requests = Array.from({ length: requestCount }, () => realisticRequest(spansPerRequest, ['checkout', 'search'], now, callsPerTrace));
  const small = Array.from({ length: requestCount }, () => realisticRequest(allocSpans, ['checkout', 'search'], now, callsPerTrace));
  const bytes = requests.reduce((sum, request) => sum + request.length, 0);
  console.log(`\n${shape} (${Math.round(bytes / (requestCount * spansPerRequest))} B/span on the wire)`);
  const timings = await timePerSpan(DECODERS.map(([, decode]) => decode), requests);
  const results: { cpuUs: number; gcUs: number; allocated: number }[] = [];
  for (const [i, [name, decode]] of DECODERS.entries()) {
    const timing = timings[i]!;
    const allocated = await bytesPerSpan(decode, small);
    results.push({ ...timing, allocated });
    console.log(`  ${name.padEnd(34)} ${timing.cpuUs.toFixed(2).padStart(7)} µs CPU/span  ${timing.gcUs.toFixed(2).padStart(6)} µs GC/span  ${Math.round(allocated).toString().padStart(7)} B allocated/span`);
  }
  const [old, flat] = results as [(typeof results)[0], (typeof results)[0]];
  console.log(`  old/new: ${(old.cpuUs / flat.cpuUs).toFixed(2)}× time, ${(old.allocated / flat.allocated).toFixed(2)}× bytes allocated`);
}

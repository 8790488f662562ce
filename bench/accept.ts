/**
 * The CPU ingest spends validating an OTLP/protobuf export: acceptProtobuf (one scan of the
 * bytes, the body published as it came) against acceptProtobufDecoded (the full decode into
 * messages it replaced), on realistic LLM-span requests of 200 spans. Rounds alternate the two
 * so that drift on a shared machine hits both alike; CPU is the process's user+system time,
 * which includes the garbage collector's threads, and GC pauses are counted apart. The last
 * `--in-flight` results are kept alive, as the service keeps them while it awaits the JetStream
 * ack of each request, so the decoded trees outlive the young generation as they do there.
 *
 *   npm run bench:accept
 *   npx tsx bench/accept.ts --requests 50 --spans 200 --rounds 12 --in-flight 16
 */
import { parseArgs } from 'node:util';
import { acceptProtobuf, acceptProtobufDecoded } from '../ingest/src/accept.js';
import { watchGcPauses } from './gc-pauses.js';
import { realisticRequest } from './ingest/realistic-spans.js';

const { values: args } = parseArgs({
  options: { requests: { type: 'string', default: '50' }, spans: { type: 'string', default: '200' }, rounds: { type: 'string', default: '12' }, 'in-flight': { type: 'string', default: '16' } },
});
const requests = Number(args.requests);
const spansPerRequest = Number(args.spans);
const rounds = Number(args.rounds);
const inFlight = Math.max(1, Number(args['in-flight']));
const held: unknown[] = new Array(inFlight);

const bodies = Array.from({ length: requests }, () => realisticRequest(spansPerRequest, ['checkout', 'search', 'support'], Date.now()));
const spansPerRound = requests * spansPerRequest;

const gcPauses = watchGcPauses();

interface Sample {
  cpuUs: number;
  wallUs: number;
  gcUs: number;
}

const paths = { decode: acceptProtobufDecoded, scan: acceptProtobuf } as const;
type PathName = keyof typeof paths;

async function round(path: PathName): Promise<Sample> {
  await gcPauses.settle();
  const gcBefore = gcPauses.pauseMs;
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  let accepted = 0;
  bodies.forEach((body, i) => {
    const result = paths[path](body);
    held[i % inFlight] = result; // the decode path's result holds its tree; the scan path's only the body
    accepted += result.acceptedSpans;
  });
  const wallUs = Number(process.hrtime.bigint() - start) / 1000;
  const used = process.cpuUsage(cpu);
  if (accepted !== spansPerRound) throw new Error(`${path} accepted ${accepted} of ${spansPerRound} spans`);
  await gcPauses.settle();
  return { cpuUs: used.user + used.system, wallUs, gcUs: (gcPauses.pauseMs - gcBefore) * 1000 };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main() {
  const samples: Record<PathName, Sample[]> = { decode: [], scan: [] };
  for (const path of ['decode', 'scan'] as const) await round(path); // warm-up, not counted
  for (let i = 0; i < rounds; i += 1) {
    for (const path of i % 2 === 0 ? (['decode', 'scan'] as const) : (['scan', 'decode'] as const)) samples[path].push(await round(path));
  }
  gcPauses.stop();
  const perSpan = (path: PathName, key: keyof Sample) => median(samples[path].map((s) => s[key])) / spansPerRound;
  const bytes = bodies.reduce((sum, body) => sum + body.length, 0);
  console.log(`acceptProtobuf on ${requests} requests × ${spansPerRequest} realistic LLM spans (${Math.round(bytes / spansPerRound)} bytes/span), ${inFlight} in flight, median of ${rounds} rounds`);
  console.log('path                      CPU µs/span   wall µs/span   GC pause µs/span');
  for (const path of ['decode', 'scan'] as const) {
    const label = path === 'decode' ? 'before: full decode' : 'after: scan';
    console.log(`${label.padEnd(26)}${perSpan(path, 'cpuUs').toFixed(2).padStart(11)}${perSpan(path, 'wallUs').toFixed(2).padStart(15)}${perSpan(path, 'gcUs').toFixed(2).padStart(19)}`);
  }
  console.log(`ratio (before / after, CPU): ${(perSpan('decode', 'cpuUs') / perSpan('scan', 'cpuUs')).toFixed(1)}×`);
}

await main();

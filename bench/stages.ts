/**
 * The processors' CPU budget stage by stage, in one process, without NATS or Postgres: the bulk
 * lane's stages as the service builds them with its default settings (decode, normalize,
 * redact, price, score), then the direct write path's COPY texts (db's appendDirectCopy: the
 * spans' rows, the narrow rows and the search documents, of which the search documents are also
 * timed alone). Requests are bench:ingest's realistic ones, different in every round (every prompt
 * new, as in that bench); CPU is this process's user + system time, GC threads included, under
 * the V8 flags `npm start` gives the processors. Prints, per trace shape, the median µs per span
 * of each stage over the rounds after a warm-up one, and GC pause µs per span. No assertions.
 *
 * In the platform (`npm run bench:ingest`) a span costs the processors more than this sum:
 * there they also read NATS, ack, and share two cores with every other process.
 *
 *   npm run bench:stages
 *   npm run bench:stages -- --requests 25 --spans 200 --rounds 9 --calls-per-trace 3,0
 */
import { parseArgs } from 'node:util';
import type { JsMsg } from '@nats-io/jetstream';
import { median, ResponseBaselines, searchDocumentBinary, type SpanRecord } from '@lumina/core';
import { configuredPricer, createLogger } from '@lumina/runtime';
import { CopyTextBuffer } from '../db/src/write/copy-text.js';
import { appendDirectCopy } from '../db/src/write/direct-copy.js';
import { loadProcessorConfig } from '../processors/src/config.js';
import { enrichStages } from '../processors/src/enrich-stages.js';
import { projectRedactors } from '../processors/src/project-redactors.js';
import { score } from '../processors/src/score.js';
import { newDelivery, type Delivery, type Stage } from '../processors/src/stage.js';
import { PROCESSOR_NODE_OPTIONS } from '../scripts/start/processor-replicas.js';
import { watchGcPauses } from './gc-pauses.js';
import { realisticRequest } from './ingest/realistic-spans.js';
import { rerunWithNodeFlags } from './rerun-with-node-flags.js';

// The processors' own V8 flags (their young generation decides how much the GC costs): rerun under
// them, with gc() exposed so that making the requests leaves no garbage to the stages' clock.
rerunWithNodeFlags(import.meta.url, [...PROCESSOR_NODE_OPTIONS.split(' '), '--expose-gc']);

const gc = globalThis.gc as () => void;

const { values: args } = parseArgs({
  options: {
    requests: { type: 'string', default: '25' },
    spans: { type: 'string', default: '200' },
    rounds: { type: 'string', default: '9' },
    'calls-per-trace': { type: 'string', default: '3,0' },
  },
});
const requestsPerRound = Number(args.requests);
const spansPerRequest = Number(args.spans);
const rounds = Number(args.rounds);
const shapes = args['calls-per-trace'].split(',').map(Number);

const config = loadProcessorConfig({});
const logger = createLogger('bench-stages', 'warn');
const redactors = projectRedactors({ enabled: config.PII_REDACTION, disabledKinds: config.PII_REDACTION_DISABLED_KINDS, extraPatterns: config.PII_REDACTION_PATTERNS }, logger);

/** The span lanes' stages before persist, the service's own list (baselines start empty: no database to warm them from). */
function laneStages(): Stage[] {
  const baselines = new ResponseBaselines({ maxEndpoints: config.QUALITY_BASELINE_MAX_ENDPOINTS, maxPrompts: config.QUALITY_BASELINE_MAX_PROMPTS });
  return enrichStages({ redactorFor: redactors.redactorFor, pricer: configuredPricer(config), quality: [score({ baselines, minLengthSamples: config.QUALITY_MIN_LENGTH_SAMPLES })] });
}

const gcPauses = watchGcPauses();

const cpuUs = () => {
  const used = process.cpuUsage();
  return used.user + used.system;
};
/** A stream message as the stages read it: its payload, no headers (the default project), a first delivery. */
const messageOf = (data: Uint8Array) => ({ data, headers: undefined, redelivered: false, info: undefined }) as unknown as JsMsg;

const COPY_TEXTS = 'COPY texts (all three)';
const SEARCH_DOCUMENTS = '  of which search documents';

/** One round over fresh requests: CPU µs of each stage (and the COPY texts), the spans, and GC pause ms. */
async function round(stages: Stage[], requests: Uint8Array[], buffers: CopyTextBuffer[]): Promise<{ us: Map<string, number>; spans: number; gcMs: number }> {
  const us = new Map<string, number>();
  const add = (name: string, from: number) => us.set(name, (us.get(name) ?? 0) + cpuUs() - from);
  const [spanText, copiedText, searchData] = buffers as [CopyTextBuffer, CopyTextBuffer, CopyTextBuffer];
  let spans = 0;
  await gcPauses.settle();
  const gcBefore = gcPauses.pauseMs;
  for (const data of requests) {
    const delivery: Delivery = newDelivery(messageOf(data));
    for (const stage of stages) {
      const from = cpuUs();
      stage.handleOne!(delivery);
      add(stage.name, from);
    }
    if (delivery.state !== 'pending') throw new Error(`a stage failed the delivery: ${String(delivery.failure)}`);
    const records: SpanRecord[] = delivery.spans.map((span) => span.record);
    for (const buffer of buffers) buffer.reset();
    let from = cpuUs();
    appendDirectCopy(records, true, spanText, copiedText, searchData);
    add(COPY_TEXTS, from);
    from = cpuUs();
    for (const record of records) if (record.isLlm) searchDocumentBinary(record.prompt, record.response);
    add(SEARCH_DOCUMENTS, from);
    spans += records.length;
  }
  await gcPauses.settle();
  return { us, spans, gcMs: gcPauses.pauseMs - gcBefore };
}

console.log(`bench:stages  ${new Date().toISOString()}  node ${process.version}, ${PROCESSOR_NODE_OPTIONS}`);
console.log(`  ${requestsPerRound} requests × ${spansPerRequest} spans a round, median of ${rounds} rounds after a warm-up one; CPU µs per span`);
for (const callsPerTrace of shapes) {
  const stages = laneStages();
  const buffers = [new CopyTextBuffer(), new CopyTextBuffer(), new CopyTextBuffer()];
  const perSpan = new Map<string, number[]>();
  const totals: number[] = [];
  const gcUsPerSpan: number[] = [];
  // Every round's requests made first (their garbage collected before any clock runs), all different.
  const now = Date.now();
  const requests = Array.from({ length: rounds + 1 }, () =>
    Array.from({ length: requestsPerRound }, () => realisticRequest(spansPerRequest, ['checkout', 'support-bot', 'search'], now, callsPerTrace)),
  );
  gc();
  await round(stages, requests[0]!, buffers); // warm-up: compiled code, grown buffers, baselines with entries
  for (let i = 1; i <= rounds; i += 1) {
    const { us, spans, gcMs } = await round(stages, requests[i]!, buffers);
    let total = 0;
    for (const [name, value] of us) {
      perSpan.set(name, [...(perSpan.get(name) ?? []), value / spans]);
      if (name !== SEARCH_DOCUMENTS) total += value / spans;
    }
    totals.push(total);
    gcUsPerSpan.push((gcMs * 1000) / spans);
  }
  console.log(`\n  ${callsPerTrace > 0 ? `traces of a root + ${callsPerTrace} LLM calls` : 'one LLM call per trace'}`);
  for (const [name, values] of perSpan) console.log(`    ${name.padEnd(30)} ${median(values).toFixed(2).padStart(7)}`);
  console.log(`    ${'total'.padEnd(30)} ${median(totals).toFixed(2).padStart(7)}   (GC pauses ${median(gcUsPerSpan).toFixed(2)} µs a span, within the stages)`);
}

/**
 * Processors' CPU per span with quality scoring on and off (QUALITY_SCORING=true|false): the
 * CPU-bound stages (decode → normalize → redact → price → [score]) over realistic OTLP payloads
 * (1–2 KB of messages per LLM call, 3 calls under a root span), without NATS or Postgres, whose
 * cost does not change with scoring. Rounds alternate off/on; the median round per mode is
 * printed, plus the score stage alone with fresh prompts and with prompts that repeat (the
 * similarity path). No assertions.
 *
 *   npm run bench:quality
 *   npx tsx bench/quality.ts --payloads 100 --spans 100 --rounds 7
 */
import { parseArgs } from 'node:util';
import { createPricer, createRedactor, ResponseBaselines } from '@lumina/core';
import { decode, loadProcessorConfig, newDelivery, normalize, price, redact, score, type Stage } from '@lumina/processors';
import type { JsMsg } from '@nats-io/jetstream';
import { realisticRequest, text } from './ingest/realistic-spans.js';

const { values: args } = parseArgs({
  options: { payloads: { type: 'string', default: '100' }, spans: { type: 'string', default: '100' }, rounds: { type: 'string', default: '7' } },
});
const payloadCount = Number(args.payloads);
const spansPerPayload = Number(args.spans);
const rounds = Number(args.rounds);

function stagesFor(env: Record<string, string>): { stages: Stage[]; scoreStage: Stage | null } {
  const config = loadProcessorConfig({ ...env, LOG_LEVEL: 'silent' });
  const redactor = createRedactor();
  const scoreStage = config.QUALITY_SCORING
    ? score({ baselines: new ResponseBaselines({ maxEndpoints: config.QUALITY_BASELINE_MAX_ENDPOINTS, maxPrompts: config.QUALITY_BASELINE_MAX_PROMPTS }), minLengthSamples: config.QUALITY_MIN_LENGTH_SAMPLES })
    : null;
  return { stages: [decode, normalize, redact(() => redactor), price(createPricer()), ...(scoreStage ? [scoreStage] : [])], scoreStage };
}

const message = (data: Uint8Array) => ({ data, headers: undefined }) as unknown as JsMsg;

/** One pass over every payload; returns CPU µs per span and wall µs per span of the score stage. */
function pass(payloads: Uint8Array[], setup: ReturnType<typeof stagesFor>): { cpuUsPerSpan: number; scoreUsPerSpan: number } {
  let spans = 0;
  let scoreMs = 0;
  const cpu = process.cpuUsage();
  for (const payload of payloads) {
    const delivery = newDelivery(message(payload));
    for (const stage of setup.stages) {
      const started = stage === setup.scoreStage ? performance.now() : 0;
      stage.handleOne!(delivery);
      if (stage === setup.scoreStage) scoreMs += performance.now() - started;
    }
    spans += delivery.spans.length;
  }
  const used = process.cpuUsage(cpu);
  return { cpuUsPerSpan: (used.user + used.system) / spans, scoreUsPerSpan: (scoreMs * 1000) / spans };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

function run(label: string, payloads: Uint8Array[]): void {
  const off = stagesFor({ QUALITY_SCORING: 'false' });
  const on = stagesFor({ QUALITY_SCORING: 'true' });
  pass(payloads, off); // warm-up (JIT), and the baselines of `on` learn the endpoints
  pass(payloads, on);
  const offRounds: number[] = [];
  const onRounds: number[] = [];
  const scoreRounds: number[] = [];
  for (let i = 0; i < rounds; i += 1) {
    offRounds.push(pass(payloads, off).cpuUsPerSpan);
    const measured = pass(payloads, on);
    onRounds.push(measured.cpuUsPerSpan);
    scoreRounds.push(measured.scoreUsPerSpan);
  }
  const [offUs, onUs, scoreUs] = [median(offRounds), median(onRounds), median(scoreRounds)];
  console.log(
    `${label.padEnd(34)} off ${offUs.toFixed(1).padStart(7)} µs CPU/span   on ${onUs.toFixed(1).padStart(7)} µs CPU/span   +${(onUs - offUs).toFixed(1)} µs (${(((onUs - offUs) / offUs) * 100).toFixed(1)}%)   score stage ${scoreUs.toFixed(1)} µs/span`,
  );
}

const now = Date.now();
const services = ['support-bot', 'search', 'checkout'];
console.log(`${payloadCount} payloads × ${spansPerPayload} spans (3 LLM calls per root span), median of ${rounds} rounds per mode, Node ${process.version}`);
run('fresh prompts (no similarity)', Array.from({ length: payloadCount }, () => realisticRequest(spansPerPayload, services, now)));
const pool = Array.from({ length: 50 }, () => text(500, 1000));
run('50 repeating prompts (similarity)', Array.from({ length: payloadCount }, () => realisticRequest(spansPerPayload, services, now, 3, pool)));

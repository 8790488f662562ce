/**
 * npm run bench:alerts [-- --probes 40 --every-ms 500 --load 1000 --seconds-off 15]
 *
 * Alert delay (issue #17): ingest, processors, query API and alerter run as their own
 * processes on a database and streams of this run's own. A background load of `--load` spans/s
 * (OTLP/HTTP protobuf, 80% LLM calls) runs the whole time. Each probe is a budget rule of its
 * own (USD 0.5 a day, on tag `probe:N`) and one LLM call costing USD 1 with that tag, sent by
 * the official OTLP/HTTP exporter; its delay runs from just before the export to the moment
 * the local webhook receiver has the alert. Then the processors' CPU per span under the same
 * load, with quality scoring on (measured during the probes) and off (`--seconds-off` more).
 */
import { parseArgs } from 'node:util';
import { SpanKind } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { dropDatabase, migrate, withDatabase } from '@lumina/db';
import { findFreePorts } from '../scripts/collector/ports.js';
import { syntheticTraceRequest } from '../test/support/payloads.js';
import { deleteStreams } from '../test/support/nats.js';
import { startWebhookReceiver } from '../test/support/webhook-receiver.js';
import { cpuSeconds } from './ingest/cpu-time.js';
import { withBenchLock } from './ingest/lock.js';
import { startService, stopService, waitHealthy } from './ingest/processes.js';

const { values } = parseArgs({
  options: {
    probes: { type: 'string', default: '40' },
    'every-ms': { type: 'string', default: '500' },
    load: { type: 'string', default: '1000' },
    'seconds-off': { type: 'string', default: '15' },
  },
});
const probes = Number(values.probes);
const everyMs = Number(values['every-ms']);
const spansPerSecond = Number(values.load);
const secondsOff = Number(values['seconds-off']);

const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const dbUrl = withDatabase(serverUrl, 'lumina_bench_alerts');
const tag = `b${process.pid}`;
const streams = {
  SPANS_STREAM: `LUMINA_SPANS_BENCH_${tag}`,
  SPANS_SUBJECT: `lumina.bench${tag}.spans.otlp`,
  DLQ_STREAM: `LUMINA_DLQ_BENCH_${tag}`,
  DLQ_SUBJECT: `lumina.bench${tag}.dlq`,
  PROCESSOR_CONSUMER: `processors-bench-${tag}`,
  FACTS_STREAM: `LUMINA_FACTS_BENCH_${tag}`,
  FACTS_SUBJECT: `lumina.bench${tag}.facts`,
  ALERTER_CONSUMER: `alerter-bench-${tag}`,
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] as number;

/** Background load: requests of 100 spans (20 traces of a root and 4 LLM calls) at the given rate. */
function startLoad(url: string, rate: number) {
  let running = true;
  let sent = 0;
  const perRequest = 100;
  const started = performance.now();
  const loop = (async () => {
    while (running) {
      const due = ((performance.now() - started) / 1000) * rate;
      if (sent + perRequest > due) {
        await sleep(5);
        continue;
      }
      const { bytes } = syntheticTraceRequest(20, 4);
      const response = await fetch(url, { method: 'POST', body: bytes, headers: { 'Content-Type': 'application/x-protobuf' } });
      await response.arrayBuffer();
      if (response.ok) sent += perRequest;
    }
  })();
  return {
    sent: () => sent,
    async stop() {
      running = false;
      await loop;
    },
  };
}

async function json(url: string, method: string, body?: unknown): Promise<any> {
  const response = await fetch(url, { method, ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }) });
  const parsed = await response.json();
  if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${JSON.stringify(parsed)}`);
  return parsed;
}

async function processorSpans(metricsUrl: string): Promise<number> {
  const text = await (await fetch(metricsUrl)).text();
  return Number(/^lumina_spans_stored_total (\S+)/m.exec(text)?.[1] ?? 0);
}

await withBenchLock(async () => {
  await dropDatabase(dbUrl);
  await migrate(dbUrl);
  const [grpcPort, httpPort, processorPort, queryPort, alerterPort] = await findFreePorts(5);
  const common = { DATABASE_URL: dbUrl, ...streams };
  const hooks = await startWebhookReceiver();
  const services = {
    ingest: startService('ingest/src/main.ts', { ...common, INGEST_GRPC_PORT: String(grpcPort), INGEST_HTTP_PORTS: String(httpPort) }),
    processors: startService('processors/src/main.ts', { ...common, PROCESSOR_HTTP_PORT: String(processorPort) }),
    query: startService('query-api/src/main.ts', { ...common, QUERY_API_PORT: String(queryPort) }),
    alerter: startService('alerter/src/main.ts', { ...common, ALERTER_HTTP_PORT: String(alerterPort) }),
  };
  let processors = services.processors;
  try {
    await Promise.all([httpPort, processorPort, queryPort, alerterPort].map((port) => waitHealthy(`http://127.0.0.1:${port}/health`)));
    const queryUrl = `http://127.0.0.1:${queryPort}`;
    const tracesUrl = `http://127.0.0.1:${httpPort}/v1/traces`;
    for (let i = 0; i < probes; i += 1) {
      await json(`${queryUrl}/api/alert-rules`, 'POST', { name: `probe ${i}`, type: 'budget', tag: `probe:${i}`, threshold: 0.5, window: '1d', webhook_url: hooks.url(`/probe/${i}`) });
    }
    const provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ 'service.name': 'alert-probe' }),
      spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url: tracesUrl }))],
    });
    const tracer = provider.getTracer('bench-alerts');

    const load = startLoad(tracesUrl, spansPerSecond);
    await sleep(5_000); // warm-up under load
    const cpuStart = cpuSeconds(processors.pid!);
    const spansStart = await processorSpans(`http://127.0.0.1:${processorPort}/metrics`);
    const wallStart = performance.now();
    const sentAt = new Map<number, number>();
    const delays = new Map<number, number>();
    hooks.onReceive((hook) => {
      const probe = Number(/\/probe\/(\d+)/.exec(hook.path)?.[1]);
      const sent = sentAt.get(probe);
      if (sent !== undefined && !delays.has(probe)) delays.set(probe, performance.now() - sent);
    });
    for (let i = 0; i < probes; i += 1) {
      const span = tracer.startSpan('chat probe', {
        kind: SpanKind.CLIENT,
        attributes: {
          'gen_ai.operation.name': 'chat',
          'gen_ai.provider.name': 'openai',
          'gen_ai.request.model': 'probe-model',
          'gen_ai.usage.input_tokens': 1000,
          'gen_ai.usage.output_tokens': 0,
          cost_per_prompt_token: 0.001,
          cost_per_completion_token: 0,
          'lumina.tags': [`probe:${i}`],
        },
      });
      sentAt.set(i, performance.now());
      span.end(); // SimpleSpanProcessor: the export starts now
      await sleep(everyMs);
    }
    const deadline = performance.now() + 30_000;
    while (delays.size < probes && performance.now() < deadline) await sleep(20);
    const cpuOn = cpuSeconds(processors.pid!) - cpuStart;
    const spansOn = (await processorSpans(`http://127.0.0.1:${processorPort}/metrics`)) - spansStart;
    const loadSeconds = (performance.now() - wallStart) / 1000;
    await provider.shutdown();

    // The same load with quality scoring off: a processor replica restarted without it.
    await stopService(processors);
    processors = startService('processors/src/main.ts', { ...common, PROCESSOR_HTTP_PORT: String(processorPort), QUALITY_SCORING: 'false' });
    await waitHealthy(`http://127.0.0.1:${processorPort}/health`);
    await sleep(3_000);
    const offCpuStart = cpuSeconds(processors.pid!);
    const offSpansStart = await processorSpans(`http://127.0.0.1:${processorPort}/metrics`);
    await sleep(secondsOff * 1000);
    const cpuOff = cpuSeconds(processors.pid!) - offCpuStart;
    const spansOff = (await processorSpans(`http://127.0.0.1:${processorPort}/metrics`)) - offSpansStart;
    await load.stop();

    const sorted = [...delays.values()].sort((a, b) => a - b);
    const round = (value: number) => Math.round(value * 10) / 10;
    console.log(`\nbench:alerts — ${new Date().toISOString()}`);
    console.log(`background load: ${spansPerSecond} spans/s requested, ${Math.round(load.sent() / ((performance.now() - wallStart) / 1000 + 5))} spans/s sent (OTLP/HTTP protobuf, 80% LLM calls)`);
    console.log(`alerts delivered: ${sorted.length} of ${probes} probes (budget crossings), one every ${everyMs} ms over ${round(loadSeconds)} s`);
    if (sorted.length > 0) {
      console.log(`OTLP export → webhook delivery: p50 ${round(quantile(sorted, 0.5))} ms, p99 ${round(quantile(sorted, 0.99))} ms, max ${round(sorted.at(-1)!)} ms (target p99 < 500 ms)`);
    }
    const perSpan = (cpu: number, spans: number) => (spans > 0 ? `${round((cpu / spans) * 1e6)} µs CPU/span (${spans} spans, ${round(cpu)} CPU s)` : 'no spans');
    console.log(`processors, quality scoring on:  ${perSpan(cpuOn, spansOn)}`);
    console.log(`processors, quality scoring off: ${perSpan(cpuOff, spansOff)}`);
  } finally {
    await Promise.all([services.ingest, processors, services.query, services.alerter].map(stopService));
    await hooks.close();
    await deleteStreams(streams.SPANS_STREAM, streams.DLQ_STREAM, streams.FACTS_STREAM);
    await dropDatabase(dbUrl);
  }
});
process.exit(0);

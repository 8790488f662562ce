/**
 * Scale-out (issue #22): a 3-server JetStream cluster with the spans stream at replicas 3, two
 * ingest replicas and two processor replicas, each its own process. While OTLP traffic flows,
 * one NATS server, one ingest and one processor replica are SIGKILLed, then started again.
 * Every span whose export was answered 2xx must be stored exactly once, and the trace
 * summaries and rollup deltas must count each once.
 *
 * Nothing here is timed: every wait is generous and only bounds a hang on a busy machine.
 */
import { ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { ExportResultCode } from '@opentelemetry/core';
import { OTLPTraceExporter as GrpcExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@lumina/db/testing';
import { findFreePorts } from '../scripts/collector/ports.js';
import { uniqueQueueNames } from './support/names.js';
import { startNatsCluster, waitHealthy, type NatsCluster } from './support/nats-cluster.js';
import { serviceProcess, type ServiceProcess } from './support/service-process.js';
import { queryRows } from './support/sql.js';
import { waitFor } from './support/wait.js';

const TRACES_PER_EXPORT = 40;
const LLM_CALLS_PER_TRACE = 2;
const SPANS_PER_TRACE = LLM_CALLS_PER_TRACE + 1;
const SENDERS = 6;
/** Only bounds a hang: a busy 2-core machine may be slow, never wrong. */
const LONG_WAIT_MS = 240_000;

const queue = uniqueQueueNames();
let cluster: NatsCluster;
let db: TestDatabase;
const ingests: { process: ServiceProcess; grpcPort: number; httpPort: number }[] = [];
const processors: ServiceProcess[] = [];
const logs = () => [...ingests.map((ingest) => ingest.process), ...processors].map((service) => service.logTail()).join('\n');

beforeAll(async () => {
  cluster = await startNatsCluster(3);
  db = await createTestDatabase('lumina_cluster');
  // Stream sizes within the test servers' 2 GB store (JetStream places a stream only where its max fits).
  const common = {
    ...queue,
    NATS_URL: cluster.url,
    NATS_STREAM_REPLICAS: '3',
    SPANS_STREAM_MAX_BYTES: String(256 * 1024 * 1024),
    DLQ_STREAM_MAX_BYTES: String(64 * 1024 * 1024),
    DATABASE_URL: db.url,
  };
  const ports = await findFreePorts(6);
  for (let i = 0; i < 2; i += 1) {
    const [grpcPort, httpPort] = [ports[i * 2]!, ports[i * 2 + 1]!];
    const env = {
      ...common,
      INGEST_GRPC_PORT: String(grpcPort),
      INGEST_HTTP_PORTS: String(httpPort),
      DAILY_TRACE_LIMIT: '0',
      DAILY_TRACE_LIMIT_KEY_PREFIX: `lumina-test:${queue.SPANS_STREAM}:daily-traces:`,
      // 503 with a short Retry-After while the cluster elects a new leader.
      INGEST_RETRY_AFTER_SECONDS: '1',
    };
    ingests.push({ process: serviceProcess(`ingest-${i + 1}`, 'ingest/src/main.ts', env, `http://127.0.0.1:${httpPort}/ready`), grpcPort, httpPort });
  }
  for (let i = 0; i < 2; i += 1) {
    const port = ports[4 + i]!;
    const env = {
      ...common,
      PROCESSOR_HTTP_PORT: String(port),
      PROCESSOR_BATCH_WAIT_MS: '1000',
      // A killed replica's unacknowledged batches come back to the other one after this.
      PROCESSOR_ACK_WAIT_MS: '10000',
      PROCESSOR_BATCH_MAX_BYTES: '65536',
    };
    processors.push(serviceProcess(`processor-${i + 1}`, 'processors/src/main.ts', env, `http://127.0.0.1:${port}/health`));
  }
  // Ingest owns the stream: the first one creates it at replicas 3; then the rest.
  await ingests[0]!.process.start();
  await Promise.all([ingests[1]!.process.start(), ...processors.map((processor) => processor.start())]);
}, 600_000);

afterAll(async () => {
  await Promise.all([...ingests.map((ingest) => ingest.process.stop()), ...processors.map((processor) => processor.stop())]);
  await cluster?.destroy();
  await db?.drop();
}, 120_000);

async function streamInfo() {
  const nc = await connect({ servers: cluster.url.split(','), maxReconnectAttempts: -1 });
  try {
    return await (await jetstreamManager(nc, { timeout: 10_000 })).streams.info(queue.SPANS_STREAM);
  } finally {
    await nc.close();
  }
}

async function count(sql: string, params: unknown[] = []): Promise<number> {
  return Number((await queryRows<{ n: string }>(db.url, sql, params))[0]!.n);
}

/** One export's worth of spans: TRACES_PER_EXPORT traces, each a root with LLM calls under it. */
function makeSpans(tracer: ReturnType<BasicTracerProvider['getTracer']>, memory: InMemorySpanExporter, batch: number): ReadableSpan[] {
  memory.reset();
  for (let t = 0; t < TRACES_PER_EXPORT; t += 1) {
    const root = tracer.startSpan(`POST /answer ${batch}.${t}`, { kind: SpanKind.SERVER }, ROOT_CONTEXT);
    const parent = trace.setSpan(ROOT_CONTEXT, root);
    for (let c = 0; c < LLM_CALLS_PER_TRACE; c += 1) {
      const attributes = {
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': 'gpt-4o-mini',
        'gen_ai.usage.input_tokens': 100,
        'gen_ai.usage.output_tokens': 20,
      };
      tracer.startSpan('chat gpt-4o-mini', { kind: SpanKind.CLIENT, attributes }, parent).end();
    }
    root.end();
  }
  return memory.getFinishedSpans().slice();
}

function exportOnce(exporter: SpanExporter, spans: ReadableSpan[]): Promise<boolean> {
  return new Promise((resolve) => exporter.export(spans, (result) => resolve(result.code === ExportResultCode.SUCCESS)));
}

/**
 * Apps exporting through a load balancer: SENDERS loops, each exporting batches with the
 * official exporters, alternating between the ingest replicas (OTLP/HTTP protobuf to the
 * first, gRPC to the second); a failed export is retried, on the other replica too, until one
 * is answered 2xx, as an exporter's retry behind a load balancer would. Records which spans
 * were acknowledged.
 */
function startTraffic() {
  const acked = new Map<string, { traceId: string; llm: boolean }>();
  const ackedTraces = new Set<string>();
  const ackedBy = [0, 0];
  let unacked = 0;
  let stopping = false;
  const exporters: SpanExporter[] = [
    new ProtoExporter({ url: `http://127.0.0.1:${ingests[0]!.httpPort}/v1/traces`, timeoutMillis: 15_000 }),
    new GrpcExporter({ url: `http://127.0.0.1:${ingests[1]!.grpcPort}`, timeoutMillis: 15_000 }),
  ];
  let batch = 0;
  const sender = async (lane: number) => {
    const memory = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({ resource: resourceFromAttributes({ 'service.name': 'cluster-test' }), spanProcessors: [new SimpleSpanProcessor(memory)] });
    const tracer = provider.getTracer('lumina-cluster-test');
    let turn = lane;
    while (!stopping) {
      const spans = makeSpans(tracer, memory, batch++);
      let delivered = false;
      for (let attempt = 0; !delivered && attempt < 200; attempt += 1) {
        const target = turn++ % exporters.length;
        delivered = await exportOnce(exporters[target]!, spans);
        if (delivered) ackedBy[target]! += 1;
        else await new Promise((resolve) => setTimeout(resolve, 250));
      }
      if (!delivered) {
        unacked += spans.length;
        continue;
      }
      for (const span of spans) {
        const { traceId, spanId } = span.spanContext();
        acked.set(spanId, { traceId, llm: span.parentSpanContext !== undefined });
        ackedTraces.add(traceId);
      }
    }
    await provider.shutdown();
  };
  const running = Promise.all(Array.from({ length: SENDERS }, (_, lane) => sender(lane)));
  return {
    acked,
    ackedTraces,
    ackedBy,
    unacked: () => unacked,
    async stop() {
      stopping = true;
      await running;
      await Promise.all(exporters.map((exporter) => exporter.shutdown()));
    },
  };
}

describe('a 3-server JetStream cluster, two ingest and two processor replicas', () => {
  it('stores every acknowledged span exactly once while a NATS server and a replica of each service are killed and restarted', async () => {
    const info = await streamInfo();
    expect(info.config.num_replicas).toBe(3);
    expect(info.cluster?.replicas ?? []).toHaveLength(2);

    const traffic = startTraffic();
    try {
      const storedSpans = () => count('SELECT count(*) AS n FROM spans');
      await waitFor(storedSpans, (n) => n >= 300, LONG_WAIT_MS, 'first spans stored through the cluster');

      // Crash the server leading the spans stream, the first ingest and the first processor.
      const leader = cluster.node((await streamInfo()).cluster!.leader!);
      const [ingest, processor] = [ingests[0]!.process, processors[0]!];
      await Promise.all([leader.kill(), ingest.kill(), processor.kill()]);

      // The rest carries on: more spans acknowledged and stored with one server and replica each gone.
      const ackedAtKill = traffic.acked.size;
      const storedAtKill = await storedSpans();
      await waitFor(async () => traffic.acked.size, (n) => n >= ackedAtKill + 300, LONG_WAIT_MS, `exports acknowledged with ${leader.name} down\n${logs()}`);
      await waitFor(storedSpans, (n) => n >= storedAtKill + 300, LONG_WAIT_MS, `spans stored with ${leader.name} down\n${logs()}`);

      await Promise.all([leader.start(), ingest.start(), processor.start()]);
      await waitHealthy(`${leader.monitorUrl}/healthz`, () => null, LONG_WAIT_MS, () => leader.logTail());
      // The restarted ingest takes exports again.
      const firstIngestAcks = traffic.ackedBy[0]!;
      await waitFor(async () => traffic.ackedBy[0]!, (n) => n >= firstIngestAcks + 5, LONG_WAIT_MS, `exports acknowledged by the restarted ingest\n${logs()}`);
    } finally {
      await traffic.stop();
    }
    expect(traffic.unacked()).toBe(0);

    // The restarted server is a current replica of the stream again.
    await waitFor(
      async () => (await streamInfo()).cluster?.replicas ?? [],
      (replicas) => replicas.length === 2 && replicas.every((replica) => replica.current),
      LONG_WAIT_MS,
      'all three stream replicas current',
    );

    const ackedSpans = traffic.acked.size;
    const ackedTraces = traffic.ackedTraces.size;
    const ackedCalls = [...traffic.acked.values()].filter((span) => span.llm).length;
    expect(ackedSpans).toBe(ackedTraces * SPANS_PER_TRACE);
    await waitFor(() => count('SELECT count(*) AS n FROM spans'), (n) => n >= ackedSpans, LONG_WAIT_MS, `every acknowledged span stored\n${logs()}`);
    // Wait until the stream is drained (all acknowledged) so late redeliveries would show up.
    await waitFor(async () => (await streamInfo()).state.messages, (n) => n === 0, LONG_WAIT_MS, 'spans stream drained');

    const stored = await queryRows<{ span_id: string; n: string }>(db.url, 'SELECT span_id, count(*) AS n FROM spans GROUP BY span_id');
    const storedOnce = new Set(stored.filter((row) => row.n === '1').map((row) => row.span_id));
    expect(stored.filter((row) => row.n !== '1')).toEqual([]);
    expect([...traffic.acked.keys()].filter((spanId) => !storedOnce.has(spanId))).toEqual([]);
    expect(stored.length).toBe(ackedSpans);

    const [summary] = await queryRows<{ traces: string; spans: string; calls: string; wrong: string }>(
      db.url,
      `SELECT count(*) AS traces, sum(span_count) AS spans, sum(llm_call_count) AS calls,
              count(*) FILTER (WHERE span_count <> $1 OR llm_call_count <> $2) AS wrong FROM traces`,
      [SPANS_PER_TRACE, LLM_CALLS_PER_TRACE],
    );
    expect(Number(summary!.traces)).toBe(ackedTraces);
    expect(Number(summary!.spans)).toBe(ackedSpans);
    expect(Number(summary!.calls)).toBe(ackedCalls);
    expect(Number(summary!.wrong)).toBe(0);

    const [rollup] = await queryRows<{ spans: string; calls: string }>(db.url, 'SELECT sum(span_count) AS spans, sum(llm_call_count) AS calls FROM span_rollup_deltas');
    expect(Number(rollup!.spans)).toBe(ackedSpans);
    expect(Number(rollup!.calls)).toBe(ackedCalls);
  }, 1_200_000);
});

/**
 * The nats collector (our exporter publishing straight to JetStream) in front of the real
 * platform (JetStream → processor → Postgres → query API, test/support/platform.ts), with a
 * local OTLP sink as the second backend. One collector per encoding (otlp_proto, otlp_json);
 * apps' traffic comes from the official OpenTelemetry exporters over OTLP/gRPC and OTLP/HTTP.
 * Ingest runs beside it: it creates the stream and takes the direct copies to compare with.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { TEST_NATS_URL } from '../../test/support/nats.js';
import { otlpExporter, withTracer, type Transport } from '../../test/support/otel.js';
import { startPlatform, type TestPlatform } from '../../test/support/platform.js';
import { ensureCollector, freeCollectorPorts, startCollector, type RunningCollector } from '../../scripts/collector/index.js';
import { OtlpSink } from './testing/otlp-sink.js';
import { canonicalTrace, emitMixedTrace, emitPlainTrace, getTrace, parentsOf, recordingExporter, waitForTrace, type MixedTrace, type SentSpan } from './testing/platform-traces.js';
import { recordSubject } from './testing/stream-messages.js';
import { DEFAULT_PROJECT_ID } from '@lumina/core';

const DECISION_WAIT_MS = 2_000;
const DECISION_WAIT_AFTER_ROOT_MS = 1_000;
/** Decision wait, decision tick (1 s), collector batch (0.5 s), processor batch wait (1 s), margin. */
const SETTLE_MS = DECISION_WAIT_MS + 1_000 + 500 + 1_000 + 3_500;

const ENCODINGS = ['otlp_proto', 'otlp_json'] as const;
type Encoding = (typeof ENCODINGS)[number];
const TRANSPORTS: Transport[] = ['grpc', 'http/protobuf'];
const CASES = ENCODINGS.flatMap((encoding) => TRANSPORTS.map((transport) => ({ encoding, transport })));
const RESOURCE = { 'service.name': 'assistant-api', 'deployment.environment.name': 'test' };
// The processors file spans under the message's project header; the query API serves the default project.
const PROJECT_ID = DEFAULT_PROJECT_ID;

interface Sent {
  traceId: string;
  spans: SentSpan[];
}
interface SentCase {
  viaCollector: Sent & { mixed: MixedTrace };
  direct: Sent & { mixed: MixedTrace };
  plain: Sent;
}
type Ports = { grpcPort: number; httpPort: number };

async function send(transport: Transport, ports: Ports, emit: Parameters<typeof withTracer>[2]): Promise<SentSpan[]> {
  const { exporter, sent } = recordingExporter(otlpExporter(transport, ports));
  await withTracer(exporter, RESOURCE, emit);
  return sent;
}

async function sendCase(transport: Transport, collectorPorts: Ports, ingestPorts: Ports, tag: string): Promise<SentCase> {
  // The plain trace first: the LLM traces sent after it are the proof that it had time to arrive.
  let plainId = '';
  const plainSpans = await send(transport, collectorPorts, (tracer) => void (plainId = emitPlainTrace(tracer, tag)));
  let viaMixed: MixedTrace | undefined;
  const viaSpans = await send(transport, collectorPorts, (tracer) => void (viaMixed = emitMixedTrace(tracer, tag)));
  let directMixed: MixedTrace | undefined;
  const directSpans = await send(transport, ingestPorts, (tracer) => void (directMixed = emitMixedTrace(tracer, tag)));
  return {
    plain: { traceId: plainId, spans: plainSpans },
    viaCollector: { traceId: viaMixed!.traceId, spans: viaSpans, mixed: viaMixed! },
    direct: { traceId: directMixed!.traceId, spans: directSpans, mixed: directMixed! },
  };
}

let platform: TestPlatform;
let backend: OtlpSink;
const collectors: RunningCollector[] = [];
const storageDirs: string[] = [];
const sent = new Map<string, SentCase>();
const key = (encoding: Encoding, transport: Transport) => `${encoding} ${transport}`;
let lastSentAt = 0;

async function startNatsCollector(encoding: Encoding): Promise<Ports> {
  const storageDir = await mkdtemp(join(tmpdir(), `lumina-nats-platform-${encoding}-`));
  storageDirs.push(storageDir);
  const ports = await freeCollectorPorts();
  collectors.push(
    await startCollector('nats', {
      backend: 'otlp',
      env: {
        ...ports,
        LUMINA_NATS_URL: TEST_NATS_URL,
        LUMINA_NATS_SUBJECT: platform.queue.SPANS_SUBJECT,
        LUMINA_NATS_LOGS_SUBJECT: platform.queue.LOGS_SUBJECT,
        LUMINA_NATS_ENCODING: encoding,
        LUMINA_NATS_PROJECT_ID: PROJECT_ID,
        LUMINA_BACKEND_OTLP_ENDPOINT: backend.url,
        LUMINA_LLM_DECISION_WAIT: `${DECISION_WAIT_MS}ms`,
        LUMINA_LLM_DECISION_WAIT_AFTER_ROOT: `${DECISION_WAIT_AFTER_ROOT_MS}ms`,
        LUMINA_COLLECTOR_STORAGE_DIR: storageDir,
      },
    }),
  );
  return { grpcPort: Number(ports.LUMINA_COLLECTOR_OTLP_GRPC_PORT), httpPort: Number(ports.LUMINA_COLLECTOR_OTLP_HTTP_PORT) };
}

// A cold cache builds the collector first (minutes); every later run finds it at once.
beforeAll(async () => {
  await ensureCollector('nats');
}, 20 * 60_000);
let published: Awaited<ReturnType<typeof recordSubject>>;
beforeAll(async () => {
  [platform, backend] = await Promise.all([startPlatform(), OtlpSink.start()]);
  published = await recordSubject(TEST_NATS_URL, platform.queue.SPANS_SUBJECT);
  const ingestPorts = { grpcPort: platform.grpcPort, httpPort: platform.httpPort };
  for (const encoding of ENCODINGS) {
    const collectorPorts = await startNatsCollector(encoding);
    for (const transport of TRANSPORTS) {
      sent.set(key(encoding, transport), await sendCase(transport, collectorPorts, ingestPorts, `${encoding}-${transport}`));
    }
  }
  lastSentAt = Date.now();
}, 120_000);

afterAll(async () => {
  await published?.close();
  await Promise.all(collectors.map((collector) => collector.stop()));
  await Promise.all([platform?.stop(), backend?.stop()]);
  await Promise.all(storageDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe.each(CASES)('through the nats collector ($encoding), a trace mixing every LLM family sent over OTLP $transport', ({ encoding, transport }) => {
  it('reaches the query API whole: every span, with its parent and what makes each LLM call', async () => {
    const { viaCollector } = sent.get(key(encoding, transport))!;
    expect(viaCollector.spans).toHaveLength(viaCollector.mixed.spanCount);
    const stored = await waitForTrace(platform.queryUrl, viaCollector.traceId, viaCollector.mixed.spanCount, 20_000);
    expect(stored.spans).toHaveLength(viaCollector.mixed.spanCount);
    expect(stored.span_count).toBe(viaCollector.mixed.spanCount);
    expect(parentsOf(stored.spans.map((span) => ({ spanId: span.span_id, parentSpanId: span.parent_span_id ?? '' })))).toEqual(parentsOf(viaCollector.spans));
    for (const family of viaCollector.mixed.families) {
      for (const call of family.calls) {
        const span = stored.spans.find((candidate) => candidate.name === call.spanName);
        expect(span, `${family.family}: ${call.spanName}`).toMatchObject({ provider: call.provider, model: call.model, prompt_tokens: call.promptTokens, response: call.response });
        expect(span!.cost_usd as number).toBeCloseTo(call.costUsd, 9);
      }
    }
  });

  it('is stored exactly as the same trace sent straight to ingest', async () => {
    const { viaCollector, direct } = sent.get(key(encoding, transport))!;
    const [throughCollector, straight] = await Promise.all([
      waitForTrace(platform.queryUrl, viaCollector.traceId, viaCollector.mixed.spanCount, 20_000),
      waitForTrace(platform.queryUrl, direct.traceId, direct.mixed.spanCount, 20_000),
    ]);
    expect(viaCollector.traceId).not.toBe(direct.traceId);
    expect(canonicalTrace(throughCollector)).toEqual(canonicalTrace(straight));
  });

  it(`was published to JetStream by the collector as ${encoding}, with a content id and the project header`, async () => {
    const { viaCollector } = sent.get(key(encoding, transport))!;
    await waitForTrace(platform.queryUrl, viaCollector.traceId, viaCollector.mixed.spanCount, 20_000);
    const carrying = published.messages().filter((message) =>
      message.spans.some((span) => span.traceId === viaCollector.traceId),
    );
    expect(carrying.length).toBeGreaterThan(0);
    for (const message of carrying) {
      expect(message.json).toBe(encoding === 'otlp_json');
      expect(message.projectId).toBe(PROJECT_ID);
      expect(message.msgId).toMatch(/^[A-Za-z0-9_-]{43}$/);
    }
    expect(carrying.flatMap((message) => message.spans).filter((span) => span.traceId === viaCollector.traceId)).toHaveLength(viaCollector.mixed.spanCount);
  });
});

describe('a trace without an LLM span', () => {
  it('never reaches the query API, though LLM traces sent after it through the same collector did', async () => {
    for (const sentCase of sent.values()) {
      await waitForTrace(platform.queryUrl, sentCase.viaCollector.traceId, sentCase.viaCollector.mixed.spanCount, 20_000);
    }
    await sleep(Math.max(1_000, lastSentAt + SETTLE_MS - Date.now()));
    for (const [name, { plain, viaCollector }] of sent) {
      expect((await getTrace(platform.queryUrl, plain.traceId)).status, `${name} plain trace`).toBe(404);
      expect((await getTrace(platform.queryUrl, viaCollector.traceId)).status, `${name} LLM trace sent after it`).toBe(200);
    }
  });
});

describe('the second backend', () => {
  it('receives every span of every trace sent to the nats collectors, LLM or not', async () => {
    const viaCollector = [...sent.values()].flatMap((sentCase) => [sentCase.viaCollector, sentCase.plain]);
    const expected = viaCollector.reduce((sum, trace) => sum + trace.spans.length, 0);
    const inSink = () => viaCollector.reduce((sum, trace) => sum + backend.spansOfTrace(trace.traceId).length, 0);
    const deadline = Date.now() + 15_000;
    while (inSink() < expected && Date.now() < deadline) await sleep(100);
    for (const trace of viaCollector) {
      expect(parentsOf(backend.spansOfTrace(trace.traceId))).toEqual(parentsOf(trace.spans));
      expect(backend.spansOfTrace(trace.traceId)).toHaveLength(trace.spans.length);
    }
    for (const sentCase of sent.values()) expect(backend.spansOfTrace(sentCase.direct.traceId)).toHaveLength(0);
  });
});

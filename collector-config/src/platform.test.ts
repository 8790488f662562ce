/**
 * The stock collector in front of the real platform (ingest → JetStream → processor →
 * Postgres → query API, test/support/platform.ts), with a local OTLP sink as the second
 * backend (Datadog, Tempo, …). Apps' traffic comes from the official OpenTelemetry
 * exporters over OTLP/gRPC and OTLP/HTTP.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { otlpExporter, withTracer, type Transport } from '../../test/support/otel.js';
import { startPlatform, type TestPlatform } from '../../test/support/platform.js';
import { freeCollectorPorts, startCollector, type RunningCollector } from '../../scripts/collector/index.js';
import { OtlpSink } from './testing/otlp-sink.js';
import {
  canonicalTrace,
  emitMixedTrace,
  emitPlainTrace,
  getTrace,
  parentsOf,
  recordingExporter,
  waitForTrace,
  type MixedTrace,
  type SentSpan,
} from './testing/platform-traces.js';

/** Short decision waits keep the test quick; the defaults are 30 s / 6 s. */
const DECISION_WAIT_MS = 2_000;
const DECISION_WAIT_AFTER_ROOT_MS = 1_000;
/**
 * How long after a trace was sent it would have been stored had the collector kept it:
 * the decision wait, a decision tick (1 s), the collector's batch (0.5 s), the processor's
 * batch wait (1 s), plus a margin.
 */
const SETTLE_MS = DECISION_WAIT_MS + 1_000 + 500 + 1_000 + 3_500;

const TRANSPORTS: Transport[] = ['grpc', 'http/protobuf'];
const RESOURCE = { 'service.name': 'assistant-api', 'deployment.environment.name': 'test' };

interface Sent {
  traceId: string;
  spans: SentSpan[];
}

async function send(transport: Transport, ports: { grpcPort: number; httpPort: number }, emit: Parameters<typeof withTracer>[2]): Promise<SentSpan[]> {
  const { exporter, sent } = recordingExporter(otlpExporter(transport, ports));
  await withTracer(exporter, RESOURCE, emit);
  return sent;
}

let platform: TestPlatform;
let backend: OtlpSink;
let collector: RunningCollector;
let storageDir = '';
/** Per transport: the mixed LLM trace through the collector and straight to ingest, the plain trace through the collector. */
const sent = new Map<Transport, { viaCollector: Sent & { mixed: MixedTrace }; direct: Sent & { mixed: MixedTrace }; plain: Sent }>();
let lastSentAt = 0;

beforeAll(async () => {
  storageDir = await mkdtemp(join(tmpdir(), 'lumina-collector-platform-'));
  [platform, backend] = await Promise.all([startPlatform(), OtlpSink.start()]);
  const ports = await freeCollectorPorts();
  collector = await startCollector('stock', {
    backend: 'otlp',
    env: {
      ...ports,
      LUMINA_INGEST_ENDPOINT: `http://127.0.0.1:${platform.httpPort}`,
      LUMINA_BACKEND_OTLP_ENDPOINT: backend.url,
      LUMINA_LLM_DECISION_WAIT: `${DECISION_WAIT_MS}ms`,
      LUMINA_LLM_DECISION_WAIT_AFTER_ROOT: `${DECISION_WAIT_AFTER_ROOT_MS}ms`,
      LUMINA_COLLECTOR_STORAGE_DIR: storageDir,
    },
  });
  const collectorPorts = { grpcPort: Number(ports.LUMINA_COLLECTOR_OTLP_GRPC_PORT), httpPort: Number(ports.LUMINA_COLLECTOR_OTLP_HTTP_PORT) };
  const ingestPorts = { grpcPort: platform.grpcPort, httpPort: platform.httpPort };

  for (const transport of TRANSPORTS) {
    // The plain trace first: the LLM traces sent after it are the proof that it had time to arrive.
    let plainId = '';
    const plainSpans = await send(transport, collectorPorts, (tracer) => void (plainId = emitPlainTrace(tracer, transport)));
    let viaMixed: MixedTrace | undefined;
    const viaSpans = await send(transport, collectorPorts, (tracer) => void (viaMixed = emitMixedTrace(tracer, transport)));
    let directMixed: MixedTrace | undefined;
    const directSpans = await send(transport, ingestPorts, (tracer) => void (directMixed = emitMixedTrace(tracer, transport)));
    sent.set(transport, {
      plain: { traceId: plainId, spans: plainSpans },
      viaCollector: { traceId: viaMixed!.traceId, spans: viaSpans, mixed: viaMixed! },
      direct: { traceId: directMixed!.traceId, spans: directSpans, mixed: directMixed! },
    });
  }
  lastSentAt = Date.now();
}, 60_000);

afterAll(async () => {
  await collector?.stop();
  await Promise.all([platform?.stop(), backend?.stop()]);
  await rm(storageDir, { recursive: true, force: true });
});

describe.each(TRANSPORTS)('a trace mixing every LLM family with ordinary spans, sent over OTLP %s', (transport) => {
  it('reaches the query API through the collector whole: every span, with its parent', async () => {
    const { viaCollector } = sent.get(transport)!;
    expect(viaCollector.spans).toHaveLength(viaCollector.mixed.spanCount);
    const stored = await waitForTrace(platform.queryUrl, viaCollector.traceId, viaCollector.mixed.spanCount, 20_000);
    expect(stored.spans).toHaveLength(viaCollector.mixed.spanCount);
    expect(stored.span_count).toBe(viaCollector.mixed.spanCount);
    expect(parentsOf(stored.spans.map((span) => ({ spanId: span.span_id, parentSpanId: span.parent_span_id ?? '' })))).toEqual(parentsOf(viaCollector.spans));

    // Every family's LLM call kept what makes it an LLM call.
    for (const family of viaCollector.mixed.families) {
      for (const call of family.calls) {
        const span = stored.spans.find((candidate) => candidate.name === call.spanName);
        expect(span, `${family.family}: ${call.spanName}`).toMatchObject({
          provider: call.provider,
          model: call.model,
          prompt_tokens: call.promptTokens,
          completion_tokens: call.completionTokens,
          cached_prompt_tokens: call.cachedPromptTokens,
          response: call.response,
          status: 'ok',
        });
        expect(span!.cost_usd as number).toBeCloseTo(call.costUsd, 9);
        expect(span!.prompt as string).toContain(call.promptContains);
      }
    }
    expect(stored.spans.find((span) => span.name === 'GET /inventory')).toMatchObject({ status: 'error', status_message: 'inventory timed out' });
  });

  it('is stored exactly as the same trace sent straight to ingest', async () => {
    const { viaCollector, direct } = sent.get(transport)!;
    const [throughCollector, straight] = await Promise.all([
      waitForTrace(platform.queryUrl, viaCollector.traceId, viaCollector.mixed.spanCount, 20_000),
      waitForTrace(platform.queryUrl, direct.traceId, direct.mixed.spanCount, 20_000),
    ]);
    expect(viaCollector.traceId).not.toBe(direct.traceId);
    expect(canonicalTrace(throughCollector)).toEqual(canonicalTrace(straight));
  });
});

describe('a trace without an LLM span', () => {
  it('never reaches the query API, though LLM traces sent after it through the same collector did', async () => {
    // Positive control first: the LLM traces sent after the plain ones are stored. The
    // collector decides traces in the order it first saw them, so by now the plain ones
    // have been decided too; the settle time adds a margin for any later batch.
    for (const transport of TRANSPORTS) {
      const { viaCollector } = sent.get(transport)!;
      await waitForTrace(platform.queryUrl, viaCollector.traceId, viaCollector.mixed.spanCount, 20_000);
    }
    await sleep(Math.max(1_000, lastSentAt + SETTLE_MS - Date.now()));
    for (const transport of TRANSPORTS) {
      const { plain, viaCollector } = sent.get(transport)!;
      expect((await getTrace(platform.queryUrl, plain.traceId)).status, `${transport} plain trace`).toBe(404);
      expect((await getTrace(platform.queryUrl, viaCollector.traceId)).status, `${transport} LLM trace sent after it`).toBe(200);
    }
  });
});

describe('the second backend', () => {
  it('receives every span of every trace sent to the collector, LLM or not', async () => {
    const viaCollector = TRANSPORTS.flatMap((transport) => [sent.get(transport)!.viaCollector, sent.get(transport)!.plain]);
    const expected = viaCollector.reduce((sum, trace) => sum + trace.spans.length, 0);
    const inSink = () => viaCollector.reduce((sum, trace) => sum + backend.spansOfTrace(trace.traceId).length, 0);
    const deadline = Date.now() + 15_000;
    while (inSink() < expected && Date.now() < deadline) await sleep(100);
    for (const trace of viaCollector) {
      expect(parentsOf(backend.spansOfTrace(trace.traceId))).toEqual(parentsOf(trace.spans));
      expect(backend.spansOfTrace(trace.traceId)).toHaveLength(trace.spans.length);
    }
    // Only what the apps sent to the collector: nothing that went straight to ingest.
    for (const transport of TRANSPORTS) expect(backend.spansOfTrace(sent.get(transport)!.direct.traceId)).toHaveLength(0);
  });
});

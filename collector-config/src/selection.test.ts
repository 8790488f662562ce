import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ensureCollector, freeCollectorPorts, startCollector, type RunningCollector } from '../../scripts/collector/index.js';
import { OtlpSink } from './testing/otlp-sink.js';
import { sendTraceOverTime, sendTraces, type SpanSpec } from './testing/send-traces.js';

/** One LLM span somewhere in a trace of ordinary spans, for each attribute family. */
const llmTraces: Record<string, SpanSpec> = {
  'gen_ai semconv': {
    name: 'POST /chat',
    attributes: { 'http.route': '/chat' },
    children: [
      { name: 'chat gpt-4o', attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o' }, children: [{ name: 'POST api.openai.com' }] },
      { name: 'SELECT', attributes: { 'db.system': 'postgresql' } },
    ],
  },
  'OpenInference': { name: 'agent', attributes: { 'openinference.span.kind': 'AGENT' }, children: [{ name: 'tool' }] },
  'OpenInference llm.*': { name: 'handler', children: [{ name: 'llm', attributes: { 'llm.model_name': 'claude-sonnet-4' } }] },
  'OpenLLMetry': { name: 'workflow', attributes: { 'traceloop.span.kind': 'workflow' }, children: [{ name: 'step' }] },
  'Vercel AI SDK': { name: 'ai.generateText', attributes: { 'ai.model.id': 'gpt-4o' } },
  'Lumina SDK marker': { name: 'job', children: [{ name: 'marked', attributes: { 'lumina.tags': '["nightly"]' } }] },
  'gen_ai message event': { name: 'legacy', events: [{ name: 'gen_ai.content.prompt', attributes: { 'gen_ai.prompt': 'hi' } }], children: [{ name: 'child' }] },
};

const plainTraces: Record<string, SpanSpec> = {
  'an HTTP request': { name: 'GET /health', attributes: { 'http.route': '/health' }, children: [{ name: 'PING', attributes: { 'db.system': 'redis' } }] },
  'values that look like LLM keys': { name: 'x', attributes: { 'url.full': 'gen_ai.example', note: 'llm.model_name', 'my.ai.flag': true, 'openinference.span.kind.x': 'no' } },
  'a span without attributes': { name: 'bare' },
};

function spanCount(spec: SpanSpec): number {
  return 1 + (spec.children ?? []).reduce((sum, child) => sum + spanCount(child), 0);
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await sleep(100);
}

let storageRoot = '';
beforeAll(async () => {
  storageRoot = await mkdtemp(join(tmpdir(), 'lumina-collector-selection-'));
  await ensureCollector('stock');
}, 20 * 60_000);
afterAll(async () => {
  await rm(storageRoot, { recursive: true, force: true });
});

describe('the stock collector in front of Lumina and a second backend', () => {
  let lumina: OtlpSink;
  let backend: OtlpSink;
  let collector: RunningCollector;
  const ids = new Map<string, string>();

  beforeAll(async () => {
    [lumina, backend] = await Promise.all([OtlpSink.start(), OtlpSink.start()]);
    collector = await startCollector('stock', {
      backend: 'otlp',
      env: {
        ...(await freeCollectorPorts()),
        LUMINA_INGEST_ENDPOINT: lumina.url,
        LUMINA_BACKEND_OTLP_ENDPOINT: backend.url,
        LUMINA_LLM_DECISION_WAIT: '2s',
        LUMINA_COLLECTOR_STORAGE_DIR: join(storageRoot, 'selection'),
      },
    });
    // Half over OTLP/HTTP, half over OTLP/gRPC, as apps do.
    const entries = [...Object.entries(llmTraces), ...Object.entries(plainTraces)];
    const overHttp = entries.filter((_, i) => i % 2 === 0);
    const overGrpc = entries.filter((_, i) => i % 2 === 1);
    const httpIds = await sendTraces({ protocol: 'http', url: collector.endpoints.otlpHttp }, overHttp.map(([, spec]) => spec));
    const grpcIds = await sendTraces({ protocol: 'grpc', url: `http://${collector.endpoints.otlpGrpc}` }, overGrpc.map(([, spec]) => spec));
    overHttp.forEach(([name], i) => ids.set(name, httpIds[i]!));
    overGrpc.forEach(([name], i) => ids.set(name, grpcIds[i]!));
    const toLumina = Object.values(llmTraces).reduce((sum, spec) => sum + spanCount(spec), 0);
    const toBackend = entries.reduce((sum, [, spec]) => sum + spanCount(spec), 0);
    await waitFor(() => lumina.spans().length >= toLumina && backend.spans().length >= toBackend, 20_000);
    await sleep(1_000); // anything extra would show up now
  }, 60_000);

  afterAll(async () => {
    await collector?.stop();
    await Promise.all([lumina?.stop(), backend?.stop()]);
  });

  it.each(Object.keys(llmTraces))('forwards a trace marked by %s to Lumina with all of its spans', (name) => {
    const spec = llmTraces[name]!;
    expect(lumina.spansOfTrace(ids.get(name)!)).toHaveLength(spanCount(spec));
  });

  it.each(Object.keys(plainTraces))('keeps a trace of %s away from Lumina', (name) => {
    expect(lumina.spansOfTrace(ids.get(name)!)).toHaveLength(0);
  });

  it('sends every span of every trace to the second backend', () => {
    for (const [name, spec] of [...Object.entries(llmTraces), ...Object.entries(plainTraces)]) {
      expect(backend.spansOfTrace(ids.get(name)!), name).toHaveLength(spanCount(spec));
    }
  });

  it('sends ingest gzip-compressed OTLP protobuf on /v1/traces', () => {
    expect(lumina.requests[0]).toMatchObject({ path: '/v1/traces', headers: { 'content-encoding': 'gzip', 'content-type': 'application/x-protobuf' } });
  });
});

describe('a trace exported over several seconds', () => {
  it('reaches Lumina whole when its LLM span comes after other spans', async () => {
    const lumina = await OtlpSink.start();
    const collector = await startCollector('stock', {
      env: {
        ...(await freeCollectorPorts()),
        LUMINA_INGEST_ENDPOINT: lumina.url,
        LUMINA_LLM_DECISION_WAIT: '10s',
        LUMINA_LLM_DECISION_WAIT_AFTER_ROOT: '1s',
        LUMINA_COLLECTOR_STORAGE_DIR: join(storageRoot, 'over-time'),
      },
    });
    try {
      const traceId = await sendTraceOverTime(
        { protocol: 'http', url: collector.endpoints.otlpHttp },
        { name: 'POST /agent' },
        [[{ name: 'retrieve', attributes: { 'db.system': 'qdrant' } }], [{ name: 'chat', attributes: { 'gen_ai.operation.name': 'chat' } }], [{ name: 'render' }]],
        2_000,
      );
      await waitFor(() => lumina.spansOfTrace(traceId).length >= 4, 15_000);
      expect(lumina.spansOfTrace(traceId).map((span) => span.name).sort()).toEqual(['POST /agent', 'chat', 'render', 'retrieve']);
    } finally {
      await collector.stop();
      await lumina.stop();
    }
  }, 40_000);
});

describe('an LLM trace', () => {
  it('goes to Lumina as soon as its LLM span arrives, before its root and long before any decision timer', async () => {
    const lumina = await OtlpSink.start();
    const collector = await startCollector('stock', {
      env: {
        ...(await freeCollectorPorts()),
        LUMINA_INGEST_ENDPOINT: lumina.url,
        // Timers far beyond the waits below: only the LLM span can release the trace.
        LUMINA_LLM_DECISION_WAIT: '120s',
        LUMINA_LLM_DECISION_WAIT_AFTER_ROOT: '120s',
        LUMINA_COLLECTOR_STORAGE_DIR: join(storageRoot, 'on-arrival'),
      },
    });
    const seenBeforeRoot: string[][] = [];
    try {
      const traceId = await sendTraceOverTime(
        { protocol: 'http', url: collector.endpoints.otlpHttp },
        { name: 'POST /agent' },
        [[{ name: 'retrieve', attributes: { 'db.system': 'qdrant' } }], [{ name: 'chat', attributes: { 'gen_ai.operation.name': 'chat' } }], [{ name: 'render' }]],
        500,
        async (index, id) => {
          // After the LLM span's export, the spans so far reach Lumina while the root is still open.
          if (index === 1) await waitFor(() => lumina.spansOfTrace(id).length >= 2, 15_000);
          seenBeforeRoot.push(lumina.spansOfTrace(id).map((span) => span.name).sort());
        },
      );
      await waitFor(() => lumina.spansOfTrace(traceId).length >= 4, 15_000);
      expect(seenBeforeRoot[0]).toEqual([]);
      expect(seenBeforeRoot[1]).toEqual(['chat', 'retrieve']);
      expect(lumina.spansOfTrace(traceId).map((span) => span.name).sort()).toEqual(['POST /agent', 'chat', 'render', 'retrieve']);
    } finally {
      await collector.stop();
      await lumina.stop();
    }
  }, 60_000);
});

describe('the Grafana backends', () => {
  it.each([
    { backend: 'grafana-cloud' as const, header: 'authorization', expected: 'Basic dXNlcjp0b2tlbg==' },
    { backend: 'tempo' as const, header: 'x-scope-orgid', expected: 'single-tenant' },
  ])('$backend receives every span with its $header header', async ({ backend: name, header, expected }) => {
    const [lumina, backend] = await Promise.all([OtlpSink.start(), OtlpSink.start()]);
    const collector = await startCollector('stock', {
      backend: name,
      env: {
        ...(await freeCollectorPorts()),
        LUMINA_INGEST_ENDPOINT: lumina.url,
        TEMPO_OTLP_ENDPOINT: backend.url,
        GRAFANA_CLOUD_OTLP_ENDPOINT: backend.url,
        GRAFANA_CLOUD_OTLP_AUTH: 'dXNlcjp0b2tlbg==',
        LUMINA_COLLECTOR_STORAGE_DIR: join(storageRoot, name),
      },
    });
    try {
      const [traceId] = await sendTraces({ protocol: 'http', url: collector.endpoints.otlpHttp }, [plainTraces['an HTTP request']!]);
      await waitFor(() => backend.spansOfTrace(traceId!).length === 2, 15_000);
      expect(backend.spansOfTrace(traceId!)).toHaveLength(2);
      expect(backend.requests[0]?.headers[header]).toBe(expected);
    } finally {
      await collector.stop();
      await Promise.all([lumina.stop(), backend.stop()]);
    }
  }, 30_000);
});

// Ingest being away (30 s, with a collector restart) is tested through the real platform:
// platform-outage.test.ts.

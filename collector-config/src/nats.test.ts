import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { ensureCollector, freeCollectorPorts, localNatsExporterSource, startCollector } from '../../scripts/collector/index.js';
import { decodeTraceRequestJson, decodeTraceRequestProto, type DecodedSpan } from './testing/otlp-decode.js';
import { sendTraces, type SpanSpec } from './testing/send-traces.js';
import { TestStream } from './testing/test-stream.js';

const llmTrace: SpanSpec = {
  name: 'POST /chat',
  children: [{ name: 'chat', attributes: { 'gen_ai.operation.name': 'chat' }, children: [{ name: 'POST api.openai.com' }] }],
};
const plainTrace: SpanSpec = { name: 'GET /health', children: [{ name: 'PING' }] };

async function spansIn(stream: TestStream, marshaler: string): Promise<DecodedSpan[]> {
  const payloads = await stream.payloads();
  return payloads.flatMap((payload) =>
    marshaler === 'otlp_json' ? decodeTraceRequestJson(new TextDecoder().decode(payload)) : decodeTraceRequestProto(payload),
  );
}

async function waitForSpans(stream: TestStream, marshaler: string, traceId: string, count: number, timeoutMs: number): Promise<DecodedSpan[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const spans = (await spansIn(stream, marshaler)).filter((span) => span.traceId === traceId);
    if (spans.length >= count || Date.now() > deadline) return spans;
    await sleep(200);
  }
}

// The NATS exporter is built from a checkout (LUMINA_NATS_EXPORTER_SRC or a cached clone);
// without one there is nothing to run, see collector-config/README.md.
const natsSource = await localNatsExporterSource();

describe.skipIf(!natsSource)('the nats collector (needs a NATS exporter checkout)', () => {
  let stream: TestStream;
  let storageRoot = '';

  beforeAll(async () => {
    await ensureCollector('nats');
    storageRoot = await mkdtemp(join(tmpdir(), 'lumina-collector-nats-'));
  }, 20 * 60_000);

  // Each test publishes to a stream and subject of its own.
  beforeEach(async () => {
    stream = await TestStream.create();
  });

  afterEach(async () => {
    await stream?.close();
  });

  afterAll(async () => {
    await rm(storageRoot, { recursive: true, force: true });
  });

  it.each(['otlp_proto', 'otlp_json'])('publishes whole LLM traces, and nothing else, to JetStream as %s', async (marshaler) => {
    const collector = await startCollector('nats', {
      env: {
        ...(await freeCollectorPorts()),
        LUMINA_NATS_SUBJECT: stream.subject,
        LUMINA_NATS_MARSHALER: marshaler,
        LUMINA_LLM_DECISION_WAIT: '1s',
        LUMINA_COLLECTOR_STORAGE_DIR: join(storageRoot, marshaler),
      },
    });
    try {
      const [llmId, plainId] = await sendTraces({ protocol: 'grpc', url: `http://${collector.endpoints.otlpGrpc}` }, [llmTrace, plainTrace]);
      expect(await waitForSpans(stream, marshaler, llmId!, 3, 15_000)).toHaveLength(3);
      await sleep(1_000);
      expect((await spansIn(stream, marshaler)).filter((span) => span.traceId === plainId)).toHaveLength(0);
    } finally {
      await collector.stop();
    }
  }, 60_000);

  it('keeps retrying while JetStream cannot store, then delivers', async () => {
    const collector = await startCollector('nats', {
      env: {
        ...(await freeCollectorPorts()),
        LUMINA_NATS_SUBJECT: stream.subject,
        LUMINA_NATS_PUBLISH_TIMEOUT: '2s',
        LUMINA_LLM_DECISION_WAIT: '1s',
        LUMINA_COLLECTOR_STORAGE_DIR: join(storageRoot, 'outage'),
      },
    });
    try {
      await stream.remove(); // no stream captures the subject: every publish fails
      const [traceId] = await sendTraces({ protocol: 'http', url: collector.endpoints.otlpHttp }, [llmTrace]);
      await sleep(15_000);
      await stream.add();
      expect(await waitForSpans(stream, 'otlp_proto', traceId!, 3, 30_000)).toHaveLength(3);
    } finally {
      await collector.stop();
    }
  }, 90_000);
});

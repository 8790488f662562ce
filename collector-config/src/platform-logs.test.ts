/**
 * The stock collector forwards gen_ai events (log records) to Lumina and drops every other log
 * record (filter/gen_ai_events), issue #18. An app's LLM span and its content as log records go
 * through the collector, over OTLP/HTTP, into the real platform; the call is stored with its
 * prompt and response, and ingest never saw the app's ordinary log line.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { context, trace } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { otlpExporter, withTracer } from '../../test/support/otel.js';
import { exportLogRecords, otlpLogExporter } from '../../test/support/otel-logs.js';
import { startPlatform, type TestPlatform } from '../../test/support/platform.js';
import { waitFor } from '../../test/support/wait.js';
import { freeCollectorPorts, startCollector, type RunningCollector } from '../../scripts/collector/index.js';

let platform: TestPlatform;
let collector: RunningCollector;
let storageDir = '';
let collectorPorts = { grpcPort: 0, httpPort: 0 };

beforeAll(async () => {
  storageDir = await mkdtemp(join(tmpdir(), 'lumina-collector-logs-'));
  platform = await startPlatform();
  const ports = await freeCollectorPorts();
  collector = await startCollector('stock', {
    backend: 'none',
    env: { ...ports, LUMINA_INGEST_ENDPOINT: `http://127.0.0.1:${platform.httpPort}`, LUMINA_LLM_DECISION_WAIT: '2000ms', LUMINA_LLM_DECISION_WAIT_AFTER_ROOT: '1000ms', LUMINA_COLLECTOR_STORAGE_DIR: storageDir },
  });
  collectorPorts = { grpcPort: Number(ports.LUMINA_COLLECTOR_OTLP_GRPC_PORT), httpPort: Number(ports.LUMINA_COLLECTOR_OTLP_HTTP_PORT) };
}, 60_000);

afterAll(async () => {
  await collector?.stop();
  await platform?.stop();
  await rm(storageDir, { recursive: true, force: true });
});

const metric = (text: string, name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? 0);

describe('logs through the stock collector', () => {
  it('gen_ai events reach their call; other log records are dropped in the collector', async () => {
    const records = new InMemoryLogRecordExporter();
    const loggerProvider = new LoggerProvider({ resource: resourceFromAttributes({ 'service.name': 'chat-app' }), processors: [new SimpleLogRecordProcessor({ exporter: records })] });
    const logger = loggerProvider.getLogger('@opentelemetry/instrumentation-openai');
    let traceId = '';
    await withTracer(otlpExporter('http/protobuf', collectorPorts), { 'service.name': 'chat-app' }, (tracer) => {
      const span = tracer.startSpan('chat gpt-4o-mini', { attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.system': 'openai', 'gen_ai.request.model': 'gpt-4o-mini', 'gen_ai.usage.input_tokens': 12, 'gen_ai.usage.output_tokens': 3 } });
      traceId = span.spanContext().traceId;
      const inSpan = trace.setSpan(context.active(), span);
      logger.emit({ context: inSpan, attributes: { 'event.name': 'gen_ai.user.message', 'gen_ai.system': 'openai' }, body: { content: 'Is it raining?' } });
      logger.emit({ context: inSpan, eventName: 'gen_ai.choice', body: { index: 0, finish_reason: 'stop', message: { content: 'No.' } } });
      logger.emit({ context: inSpan, body: 'GET /weather 200 in 12 ms' });
      span.end();
    });
    const exporter = otlpLogExporter('http/protobuf', collectorPorts);
    await exportLogRecords(exporter, records.getFinishedLogRecords());
    await exporter.shutdown();

    const stored = await waitFor(
      async () => {
        const response = await fetch(`${platform.queryUrl}/api/traces/${traceId}`);
        return response.status === 200 ? ((await response.json()) as { spans: { prompt: string | null; response: string | null }[] }) : null;
      },
      (found) => found !== null && found.spans[0]?.response !== null && found.spans[0]?.prompt !== null,
      30_000,
      'the call with its content',
    );
    expect(stored!.spans[0]).toMatchObject({ prompt: 'Is it raining?', response: 'No.' });
    const metrics = await (await fetch(`http://127.0.0.1:${platform.httpPort}/metrics`)).text();
    expect(metric(metrics, 'lumina_ingest_log_records_accepted_total')).toBe(2);
    expect(metric(metrics, 'lumina_ingest_log_records_ignored_total')).toBe(0);
  });
});

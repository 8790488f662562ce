import { randomBytes } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor, type ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeLogsRequest } from '@lumina/proto';
import { uniqueQueueNames } from '../../test/support/names.js';
import { deleteStreams, streamPayloads } from '../../test/support/nats.js';
import type { Transport } from '../../test/support/otel.js';
import { exportLogRecords, otlpLogExporter } from '../../test/support/otel-logs.js';
import { startTestIngest } from '../../test/support/ingest.js';

const queue = uniqueQueueNames();
let ingest: Awaited<ReturnType<typeof startTestIngest>>;

beforeAll(async () => {
  ingest = await startTestIngest(queue, { INGEST_MAX_BODY_BYTES: String(64 * 1024) });
});
afterAll(async () => {
  await ingest.ingest.stop();
  await deleteStreams(queue.SPANS_STREAM);
});

const hexId = (bytes: number) => randomBytes(bytes).toString('hex');

/** Log records as the OpenTelemetry SDK makes them: a gen_ai event of a span, an app log line, and a gen_ai event tied to no span. */
function sdkRecords(marker: string, traceId = hexId(16)): ReadableLogRecord[] {
  const exporter = new InMemoryLogRecordExporter();
  const provider = new LoggerProvider({ resource: resourceFromAttributes({ 'service.name': 'app' }), processors: [new SimpleLogRecordProcessor({ exporter })] });
  const logger = provider.getLogger('logs-test');
  const inSpan = trace.setSpanContext(ROOT_CONTEXT, { traceId, spanId: hexId(8), traceFlags: 1 });
  logger.emit({ context: inSpan, eventName: 'gen_ai.user.message', body: { content: marker } });
  logger.emit({ context: inSpan, body: 'GET /health 200' });
  logger.emit({ context: ROOT_CONTEXT, eventName: 'gen_ai.user.message', body: { content: 'no span' } });
  return exporter.getFinishedLogRecords();
}

async function storedEventBodies(): Promise<string[]> {
  const payloads = await streamPayloads(queue.LOGS_STREAM);
  return payloads.flatMap((payload) =>
    decodeLogsRequest(payload).resourceLogs.flatMap((rl) =>
      rl.scopeLogs.flatMap((sl) => sl.logRecords.map((record) => JSON.stringify(record.body?.value.value ?? null) + ' ' + record.eventName)),
    ),
  );
}

describe('OTLP logs in', () => {
  it.each<[Transport, boolean]>([
    ['grpc', false],
    ['http/protobuf', false],
    ['http/json', false],
    ['grpc', true],
    ['http/protobuf', true],
    ['http/json', true],
  ])('the official %s log exporter (gzip %s): the gen_ai event of a span is stored on the logs stream, nothing else', async (transport, gzip) => {
    const marker = `hello-${transport}-${gzip}`;
    const exporter = otlpLogExporter(transport, ingest, gzip);
    await exportLogRecords(exporter, sdkRecords(marker));
    await exporter.shutdown();
    const stored = await storedEventBodies();
    const mine = stored.filter((line) => line.includes(marker));
    expect(mine).toHaveLength(1);
    expect(mine[0]).toContain('gen_ai.user.message');
    expect(stored.some((line) => line.includes('GET /health') || line.includes('no span'))).toBe(false);
  });

  it.each([
    ['application/x-protobuf', new Uint8Array([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]), 400, 'invalid_protobuf'],
    ['application/json', '{"resourceLogs": [', 400, 'invalid_json'],
    ['application/json', '{"resourceLogs": [{"scopeLogs": [{"logRecords": [{"timeUnixNano": "abc"}]}]}]}', 400, 'invalid_json'],
    ['text/plain', 'hello', 415, 'unsupported_media_type'],
    ['application/json', 'x'.repeat(70 * 1024), 413, 'payload_too_large'],
  ] as const)('POST /v1/logs with %s answers %s', async (contentType, body, status, code) => {
    const response = await fetch(`http://127.0.0.1:${ingest.httpPort}/v1/logs`, { method: 'POST', body, headers: { 'Content-Type': contentType } });
    expect(response.status).toBe(status);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(code);
  });

  it('answers undecodable LogsService/Export payloads with INVALID_ARGUMENT', async () => {
    const client = new grpc.Client(`127.0.0.1:${ingest.grpcPort}`, grpc.credentials.createInsecure());
    const code = await new Promise<number>((resolve) => {
      client.makeUnaryRequest(
        '/opentelemetry.proto.collector.logs.v1.LogsService/Export',
        (value: Uint8Array) => Buffer.from(value),
        (bytes: Buffer) => bytes,
        new Uint8Array([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]),
        (error) => resolve(error?.code ?? grpc.status.OK),
      );
    });
    client.close();
    expect(code).toBe(grpc.status.INVALID_ARGUMENT);
  });

  it('counts a trace once against the daily limit, whether its events or its spans come first', async () => {
    const own = uniqueQueueNames();
    const limited = await startTestIngest(own, { DAILY_TRACE_LIMIT: '1', SPANS_STREAM_MAX_BYTES: '67108864' });
    try {
      const first = hexId(16);
      const exporter = otlpLogExporter('http/protobuf', limited);
      await exportLogRecords(exporter, sdkRecords('first trace', first));
      // The same trace again is admitted; a second trace is over the limit.
      await exportLogRecords(exporter, sdkRecords('first trace again', first));
      await expect(exportLogRecords(exporter, sdkRecords('second trace'))).rejects.toThrow();
      await exporter.shutdown();
      const response = await fetch(`http://127.0.0.1:${limited.httpPort}/v1/logs`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          resourceLogs: [{ scopeLogs: [{ logRecords: [{ eventName: 'gen_ai.choice', traceId: hexId(16), spanId: hexId(8), body: { stringValue: 'x' } }] }] }],
        }),
      });
      expect(response.status).toBe(429);
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/daily limit of 1 traces/);
      const spans = await fetch(`http://127.0.0.1:${limited.httpPort}/v1/traces`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: first, spanId: hexId(8), name: 'call', startTimeUnixNano: '1', endTimeUnixNano: '2' }] }] }] }),
      });
      expect(spans.status).toBe(200);
    } finally {
      await limited.ingest.stop();
      await deleteStreams(own.SPANS_STREAM);
    }
  });
});

import { gzipSync } from 'node:zlib';
import * as grpc from '@grpc/grpc-js';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytesToHex, decodeTraceRequest, encodeTraceRequest, ExportTraceServiceRequestSchema, ExportTraceServiceResponseSchema } from '@lumina/proto';
import { create, fromBinary } from '@bufbuild/protobuf';
import { uniqueQueueNames } from '../../test/support/names.js';
import { deleteStreams, streamMessageCount, streamPayloads } from '../../test/support/nats.js';
import { otlpExporter, withTracer, type Transport } from '../../test/support/otel.js';
import { startTestIngest } from '../../test/support/ingest.js';

const queue = uniqueQueueNames();
let ingest: Awaited<ReturnType<typeof startTestIngest>>;
const url = (path: string) => `http://127.0.0.1:${ingest.httpPort}${path}`;

beforeAll(async () => {
  ingest = await startTestIngest(queue, { INGEST_MAX_BODY_BYTES: String(64 * 1024) });
});
afterAll(async () => {
  await ingest.ingest.stop();
  await deleteStreams(queue.SPANS_STREAM);
});

function spanNamesIn(payload: Uint8Array): string[] {
  return decodeTraceRequest(payload).resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans.map((s) => s.name)));
}

async function storedSpanNames(): Promise<string[]> {
  return (await streamPayloads(queue.SPANS_STREAM)).flatMap(spanNamesIn);
}

async function post(body: string | Uint8Array, contentType: string, headers: Record<string, string> = {}) {
  const response = await fetch(url('/v1/traces'), { method: 'POST', body, headers: { 'Content-Type': contentType, ...headers } });
  return { status: response.status, headers: response.headers, body: await response.text() };
}

describe('OTLP receiver', () => {
  it.each<[Transport, boolean]>([
    ['grpc', false],
    ['http/protobuf', false],
    ['http/json', false],
    ['grpc', true],
    ['http/protobuf', true],
    ['http/json', true],
  ])('stores spans sent by the official %s exporter (gzip %s) in JetStream as protobuf', async (transport, gzip) => {
    const name = `op-${transport}-${gzip}`;
    await withTracer(otlpExporter(transport, ingest, gzip), { 'service.name': 'checkout' }, (tracer) => {
      const span = tracer.startSpan(name, { kind: SpanKind.CLIENT, attributes: { 'gen_ai.request.model': 'gpt-4o', n: 42 } });
      span.setStatus({ code: SpanStatusCode.ERROR, message: 'boom' });
      span.end();
    });
    const payloads = await streamPayloads(queue.SPANS_STREAM);
    const request = payloads.map((p) => decodeTraceRequest(p)).find((r) => r.resourceSpans[0]?.scopeSpans[0]?.spans[0]?.name === name);
    expect(request, `a payload with span ${name}`).toBeDefined();
    const span = request!.resourceSpans[0]!.scopeSpans[0]!.spans[0]!;
    expect(bytesToHex(span.traceId)).toMatch(/^[0-9a-f]{32}$/);
    expect(span.status?.message).toBe('boom');
    expect(span.attributes.find((a) => a.key === 'n')?.value?.value).toEqual({ case: 'intValue', value: 42n });
  });

  it('answers undecodable protobuf with 400 invalid_protobuf and keeps serving', async () => {
    const before = await streamMessageCount(queue.SPANS_STREAM);
    const bad = await post(new Uint8Array([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x01]), 'application/x-protobuf');
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).error.code).toBe('invalid_protobuf');
    expect(await streamMessageCount(queue.SPANS_STREAM)).toBe(before);
    expect((await fetch(url('/health'))).status).toBe(200);
  });

  it('answers malformed JSON with 400 invalid_json', async () => {
    const bad = await post('{"resourceSpans": [', 'application/json');
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).error).toMatchObject({ code: 'invalid_json' });
    const wrongShape = await post('{"resourceSpans": [{"scopeSpans": [{"spans": [{"traceId": "xyz", "spanId": "00"}]}]}]}', 'application/json');
    expect(wrongShape.status).toBe(400);
  });

  it('answers an oversized body with 413, with or without a Content-Length', async () => {
    const big = new Uint8Array(65 * 1024).fill(0x41);
    expect((await post(big, 'application/x-protobuf')).status).toBe(413);
    const chunked = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 5; i += 1) controller.enqueue(new Uint8Array(20 * 1024));
        controller.close();
      },
    });
    const response = await fetch(url('/v1/traces'), {
      method: 'POST',
      body: chunked,
      headers: { 'Content-Type': 'application/x-protobuf' },
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
  });

  it('answers a gzip bomb (small body, huge when inflated) with 413', async () => {
    const bomb = gzipSync(new Uint8Array(10 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(64 * 1024);
    expect((await post(bomb, 'application/x-protobuf', { 'Content-Encoding': 'gzip' })).status).toBe(413);
  });

  it('answers a content type other than protobuf or JSON with 415', async () => {
    const response = await post('hello', 'text/plain');
    expect(response.status).toBe(415);
    expect(JSON.parse(response.body).error.code).toBe('unsupported_media_type');
  });

  it('rejects spans with malformed ids as an OTLP partial success and keeps the rest', async () => {
    const request = create(ExportTraceServiceRequestSchema, {
      resourceSpans: [
        {
          scopeSpans: [
            {
              spans: [
                { traceId: new Uint8Array(16).fill(7), spanId: new Uint8Array(8).fill(1), name: 'good-span' },
                { traceId: new Uint8Array(3), spanId: new Uint8Array(8).fill(2), name: 'bad-span' },
              ],
            },
          ],
        },
      ],
    });
    const response = await fetch(url('/v1/traces'), {
      method: 'POST',
      body: encodeTraceRequest(request),
      headers: { 'Content-Type': 'application/x-protobuf' },
    });
    expect(response.status).toBe(200);
    const names = await storedSpanNames();
    expect(names).toContain('good-span');
    expect(names).not.toContain('bad-span');
    const jsonResponse = await post(
      JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: 'ab'.repeat(16), spanId: '00'.repeat(8), name: 'zero-id' }] }] }] }),
      'application/json',
    );
    expect(JSON.parse(jsonResponse.body)).toEqual({ partialSuccess: { rejectedSpans: '1', errorMessage: expect.stringContaining('span id') } });
  });

  it('stores an export larger than the NATS message limit in several messages, losing no span', async () => {
    const own = uniqueQueueNames();
    const big = await startTestIngest(own, { INGEST_MAX_BODY_BYTES: String(16 * 1024 * 1024) });
    try {
      const filler = 'x'.repeat(2000);
      const spans = Array.from({ length: 1500 }, (_, i) => ({
        traceId: new Uint8Array(16).fill((i % 250) + 1),
        spanId: Uint8Array.from([1, 2, 3, 4, (i >> 8) & 0xff, i & 0xff, 7, 8]),
        name: `span-${i}`,
        attributes: [{ key: 'filler', value: { value: { case: 'stringValue' as const, value: filler } } }],
      }));
      const oversized = {
        traceId: new Uint8Array(16).fill(251),
        spanId: new Uint8Array(8).fill(251),
        name: 'too-big',
        attributes: [{ key: 'blob', value: { value: { case: 'stringValue' as const, value: 'y'.repeat(1_200_000) } } }],
      };
      const body = encodeTraceRequest(create(ExportTraceServiceRequestSchema, { resourceSpans: [{ scopeSpans: [{ spans: [...spans, oversized] }] }] }));
      expect(body.length).toBeGreaterThan(3 * 1024 * 1024);
      const response = await fetch(`http://127.0.0.1:${big.httpPort}/v1/traces`, {
        method: 'POST',
        body,
        headers: { 'Content-Type': 'application/x-protobuf' },
      });
      expect(response.status).toBe(200);
      const answer = fromBinary(ExportTraceServiceResponseSchema, new Uint8Array(await response.arrayBuffer()));
      expect(answer.partialSuccess?.rejectedSpans).toBe(1n);
      expect(answer.partialSuccess?.errorMessage).toContain('larger than the queue');
      const payloads = await streamPayloads(own.SPANS_STREAM);
      expect(payloads.length).toBeGreaterThan(3);
      const names = payloads.flatMap(spanNamesIn);
      expect(new Set(names).size).toBe(1500);
      expect(names).not.toContain('too-big');
    } finally {
      await big.ingest.stop();
      await deleteStreams(own.SPANS_STREAM);
    }
  });

  it('answers undecodable gRPC payloads with INVALID_ARGUMENT', async () => {
    const client = new grpc.Client(`127.0.0.1:${ingest.grpcPort}`, grpc.credentials.createInsecure());
    const code = await new Promise<number>((resolve) => {
      client.makeUnaryRequest(
        '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
        (value: Uint8Array) => Buffer.from(value),
        (bytes: Buffer) => bytes,
        new Uint8Array([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]),
        (error) => resolve(error?.code ?? grpc.status.OK),
      );
    });
    client.close();
    expect(code).toBe(grpc.status.INVALID_ARGUMENT);
  });

  it('answers 503 with Retry-After when JetStream cannot store the payload', async () => {
    const own = uniqueQueueNames();
    const lonely = await startTestIngest(own, { INGEST_PUBLISH_TIMEOUT_MS: '1000' });
    try {
      await deleteStreams(own.SPANS_STREAM);
      const body = encodeTraceRequest(
        create(ExportTraceServiceRequestSchema, {
          resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: new Uint8Array(16).fill(9), spanId: new Uint8Array(8).fill(9), name: 'x' }] }] }],
        }),
      );
      const response = await fetch(`http://127.0.0.1:${lonely.httpPort}/v1/traces`, {
        method: 'POST',
        body,
        headers: { 'Content-Type': 'application/x-protobuf' },
      });
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('5');
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('queue_unavailable');
    } finally {
      await lonely.ingest.stop();
      await deleteStreams(own.SPANS_STREAM);
    }
  });
});

import { Server, ServerCredentials, type Metadata, type sendUnaryData, type ServerUnaryCall } from '@grpc/grpc-js';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { initLumina } from '../src/index.js';

interface Received {
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** An OTLP/HTTP receiver that records what it gets and answers an empty ExportTraceServiceResponse. */
async function recordingHttpReceiver(): Promise<{ url: string; received: Received[]; stop(): Promise<void> }> {
  const received: Received[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    received.push({ headers: { ...req.headers, ':path': req.url }, body: Buffer.concat(chunks) });
    res.writeHead(200, { 'content-type': 'application/x-protobuf' });
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, received, stop: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** An OTLP/gRPC receiver (raw bytes, no decoding) that records the metadata of each export. */
async function recordingGrpcReceiver(): Promise<{ url: string; received: { metadata: Metadata; body: Buffer }[]; stop(): Promise<void> }> {
  const received: { metadata: Metadata; body: Buffer }[] = [];
  const server = new Server();
  const identity = (value: Buffer) => value;
  server.register<Buffer, Buffer>(
    '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
    (call: ServerUnaryCall<Buffer, Buffer>, callback: sendUnaryData<Buffer>) => {
      received.push({ metadata: call.metadata, body: call.request });
      callback(null, Buffer.alloc(0));
    },
    identity,
    identity,
    'unary',
  );
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
  );
  return { url: `http://127.0.0.1:${port}`, received, stop: () => new Promise((resolve) => server.tryShutdown(() => resolve())) };
}

const call = { name: 'transport call', system: 'anthropic', prompt: 'hello' };

describe('the exporter chosen by the endpoint', () => {
  it('sends OTLP/HTTP protobuf to a URL ending in /v1/traces, with the API key as a bearer header', async () => {
    const receiver = await recordingHttpReceiver();
    const lumina = initLumina({ endpoint: `${receiver.url}/v1/traces`, service_name: 'http-app', apiKey: 'key-123', headers: { 'x-team': 'search' } });
    try {
      await lumina.traceLLM(async () => 'hi', call);
      await lumina.flush();
    } finally {
      await lumina.shutdown();
      await receiver.stop();
    }
    expect(receiver.received).toHaveLength(1);
    const [request] = receiver.received;
    expect(request!.headers).toMatchObject({ ':path': '/v1/traces', 'content-type': 'application/x-protobuf', authorization: 'Bearer key-123', 'x-team': 'search' });
    // Protobuf keeps strings as UTF-8: the span name and service name are in the payload.
    expect(request!.body.includes('transport call')).toBe(true);
    expect(request!.body.includes('http-app')).toBe(true);
  });

  it('sends OTLP/gRPC to any other URL, with the API key in the call metadata', async () => {
    const receiver = await recordingGrpcReceiver();
    const lumina = initLumina({ endpoint: receiver.url, service_name: 'grpc-app', apiKey: 'key-456', headers: { 'X-Team': 'billing' } });
    try {
      await lumina.traceLLM(async () => 'hi', call);
      await lumina.flush();
    } finally {
      await lumina.shutdown();
      await receiver.stop();
    }
    expect(receiver.received).toHaveLength(1);
    const [request] = receiver.received;
    expect(request!.metadata.get('authorization')).toEqual(['Bearer key-456']);
    expect(request!.metadata.get('x-team')).toEqual(['billing']);
    expect(request!.body.includes('grpc-app')).toBe(true);
  });

  it('rejects an endpoint that is not an http(s) URL', () => {
    expect(() => initLumina({ endpoint: 'localhost:4317', service_name: 'x' })).toThrow(/endpoint/);
  });
});

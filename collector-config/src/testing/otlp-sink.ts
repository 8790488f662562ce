import { createServer, type IncomingMessage, type Server } from 'node:http';
import { gunzipSync } from 'node:zlib';

import { decodeTraceRequestJson, decodeTraceRequestProto, type DecodedSpan } from './otlp-decode.js';

export interface ReceivedRequest {
  path: string;
  headers: IncomingMessage['headers'];
  spans: DecodedSpan[];
}

/**
 * A local OTLP/HTTP trace receiver standing in for ingest, Datadog or Tempo: it decodes
 * what it gets (protobuf or JSON, gzip or not) and answers `status` (default 200).
 */
export class OtlpSink {
  readonly requests: ReceivedRequest[] = [];
  status = 200;
  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(port = 0): Promise<OtlpSink> {
    let sink: OtlpSink | undefined;
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const status = sink!.record(request, Buffer.concat(chunks));
        response.writeHead(status, { 'content-type': 'application/x-protobuf' }).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    const address = server.address();
    sink = new OtlpSink(server, typeof address === 'object' && address ? address.port : port);
    return sink;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  spans(): DecodedSpan[] {
    return this.requests.flatMap((request) => request.spans);
  }

  spansOfTrace(traceId: string): DecodedSpan[] {
    return this.spans().filter((span) => span.traceId === traceId);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private record(request: IncomingMessage, body: Buffer): number {
    if (this.status !== 200) return this.status;
    const raw = request.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body;
    const isJson = (request.headers['content-type'] ?? '').includes('json');
    const spans = request.url === '/v1/traces' ? (isJson ? decodeTraceRequestJson(raw.toString('utf8')) : decodeTraceRequestProto(raw)) : [];
    this.requests.push({ path: request.url ?? '', headers: request.headers, spans });
    return 200;
  }
}

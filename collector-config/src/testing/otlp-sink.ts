import { createServer, type IncomingMessage, type Server } from 'node:http';
import { gunzipSync } from 'node:zlib';

import { bytesToHex, decodeTraceRequest, traceRequestFromOtlpJson, type ExportTraceServiceRequest } from '@lumina/proto';

/** What the collector tests look at in a span. */
export interface DecodedSpan {
  traceId: string;
  spanId: string;
  /** '' for a root span */
  parentSpanId: string;
  name: string;
}

export interface ReceivedRequest {
  path: string;
  headers: IncomingMessage['headers'];
  spans: DecodedSpan[];
}

/**
 * A local OTLP/HTTP trace receiver standing in for ingest, Datadog or Tempo: it decodes
 * what it gets (protobuf or JSON, gzip or not) and answers 200.
 */
export class OtlpSink {
  readonly requests: ReceivedRequest[] = [];
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
        sink!.record(request, Buffer.concat(chunks));
        response.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
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

  private record(request: IncomingMessage, body: Buffer): void {
    const raw = request.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body;
    const isJson = (request.headers['content-type'] ?? '').includes('json');
    const spans = request.url === '/v1/traces' ? spansOf(isJson ? traceRequestFromOtlpJson(raw) : decodeTraceRequest(raw)) : [];
    this.requests.push({ path: request.url ?? '', headers: request.headers, spans });
  }
}

/** The spans of a request, ids as hex. */
export function spansOf(request: ExportTraceServiceRequest): DecodedSpan[] {
  return request.resourceSpans.flatMap((resourceSpans) =>
    resourceSpans.scopeSpans.flatMap((scopeSpans) =>
      scopeSpans.spans.map((span) => ({
        traceId: bytesToHex(span.traceId),
        spanId: bytesToHex(span.spanId),
        parentSpanId: bytesToHex(span.parentSpanId),
        name: span.name,
      })),
    ),
  );
}

/** A tiny HTTP server standing for a Lumina API: records each request, answers from a table. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the server saw it. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

/** An answer: status and JSON body. */
export interface CannedAnswer {
  status: number;
  body?: unknown;
}

/** A running recording server. */
export interface RecordingApi {
  url: string;
  requests: RecordedRequest[];
  stop(): Promise<void>;
}

/** Starts the server; `answer` decides each response from the request. */
export async function startRecordingApi(answer: (request: RecordedRequest) => CannedAnswer): Promise<RecordingApi> {
  const requests: RecordedRequest[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const request: RecordedRequest = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: text === '' ? undefined : JSON.parse(text) };
    requests.push(request);
    const { status, body } = answer(request);
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(body === undefined ? '' : JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, requests, stop: () => new Promise((resolve) => server.close(() => resolve())) };
}

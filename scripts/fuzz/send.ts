import * as grpc from '@grpc/grpc-js';
import type { GrpcInput, HttpInput } from './ingest-inputs.js';

/** What one input got back, and whether it breaks a promise. */
export interface Outcome {
  /** e.g. `400 invalid_protobuf`, `200`, `gRPC INVALID_ARGUMENT`, `timeout` */
  label: string;
  /** a process died or stopped listening (connection refused) */
  crash: boolean;
  /** a 5xx other than 503 (gRPC INTERNAL, UNKNOWN, DATA_LOSS) */
  serverError: boolean;
  /** a non-2xx without the standard `{"error":{"code","message"}}` body */
  nonstandardBody: boolean;
}

const outcome = (label: string, flags: Partial<Omit<Outcome, 'label'>> = {}): Outcome => ({ label, crash: false, serverError: false, nonstandardBody: false, ...flags });

function errorCodeOf(text: string): string | null {
  try {
    const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
    return typeof body.error?.code === 'string' && typeof body.error.message === 'string' ? body.error.code : null;
  } catch {
    return null;
  }
}

function networkOutcome(error: unknown): Outcome {
  const cause = (error as { cause?: { code?: string } }).cause;
  const name = (error as { name?: string }).name;
  if (name === 'TimeoutError' || name === 'AbortError') return outcome('timeout', { serverError: true });
  const code = cause?.code ?? (error as { code?: string }).code ?? 'unknown';
  if (code === 'ECONNREFUSED') return outcome('connection refused', { crash: true });
  return outcome(`network error ${code}`);
}

/** Sends one HTTP input and classifies the answer. */
export async function sendHttp(baseUrl: string, input: HttpInput, timeoutMs: number): Promise<Outcome> {
  let response: Response;
  let text: string;
  try {
    response = await fetch(`${baseUrl}${input.path}`, { method: input.method, headers: input.headers, body: input.body, signal: AbortSignal.timeout(timeoutMs) });
    text = await response.text();
  } catch (error) {
    return networkOutcome(error);
  }
  const status = response.status;
  if (status < 400) return outcome(String(status));
  const code = input.method === 'HEAD' ? 'head' : errorCodeOf(text);
  const serverError = status >= 500 && status !== 503;
  return outcome(`${status} ${code ?? '(no error body)'}`, { serverError, nonstandardBody: code === null });
}

const SERVER_FAULTS = new Set([grpc.status.INTERNAL, grpc.status.UNKNOWN, grpc.status.DATA_LOSS]);
const identity = (value: Buffer) => value;

/** One client per compression setting, each on its own channel to the ingest gRPC port. */
export function grpcClients(address: string): { plain: grpc.Client; gzip: grpc.Client; close(): void } {
  const plain = new grpc.Client(address, grpc.credentials.createInsecure());
  const gzip = new grpc.Client(address, grpc.credentials.createInsecure(), { 'grpc.default_compression_algorithm': grpc.compressionAlgorithms.gzip });
  return { plain, gzip, close: () => (plain.close(), gzip.close()) };
}

/** Sends one TraceService/Export (or other method) with raw bytes and classifies the status. */
export function sendGrpc(clients: { plain: grpc.Client; gzip: grpc.Client }, input: GrpcInput, timeoutMs: number): Promise<Outcome> {
  const metadata = new grpc.Metadata();
  for (const [key, value] of Object.entries(input.metadata)) metadata.add(key, value);
  const client = input.gzip ? clients.gzip : clients.plain;
  return new Promise((resolve) => {
    client.makeUnaryRequest(input.path, identity, identity, Buffer.from(input.body), metadata, { deadline: Date.now() + timeoutMs }, (error) => {
      if (!error) return resolve(outcome('gRPC OK'));
      const name = grpc.status[error.code] ?? String(error.code);
      if (error.code === grpc.status.DEADLINE_EXCEEDED) return resolve(outcome('gRPC DEADLINE_EXCEEDED', { serverError: true }));
      if (error.code === grpc.status.UNAVAILABLE && /ECONNREFUSED|No connection established/i.test(error.details)) {
        return resolve(outcome('gRPC UNAVAILABLE (connection refused)', { crash: true }));
      }
      resolve(outcome(`gRPC ${name}`, { serverError: SERVER_FAULTS.has(error.code) }));
    });
  });
}

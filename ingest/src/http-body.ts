import { gunzip } from 'node:zlib';
import { promisify } from 'node:util';
import { IngestError } from './errors.js';

const gunzipAsync = promisify(gunzip);

function tooLarge(limitBytes: number): IngestError {
  return new IngestError('payload_too_large', `the body is larger than the limit of ${limitBytes} bytes`);
}

/**
 * Reads a request body, refusing more than `limitBytes` before it has all been buffered.
 * `incoming`, the Node request behind it when there is one, is read instead of the Web stream,
 * which copies every chunk (Readable.toWeb): the body is then copied once, to join its chunks.
 */
export async function readBodyWithLimit(request: Request, limitBytes: number, incoming?: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > limitBytes) throw tooLarge(limitBytes);
  const stream = incoming ?? (request.body as unknown as AsyncIterable<Uint8Array> | null);
  if (!stream) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of stream) {
    total += chunk.byteLength;
    if (total > limitBytes) throw tooLarge(limitBytes);
    chunks.push(chunk);
  }
  if (chunks.length === 0) return new Uint8Array(0);
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
}

/** The Node request in a Hono context's bindings when @hono/node-server serves the app; undefined otherwise (app.request() in tests). */
export function nodeIncoming(env: unknown): AsyncIterable<Uint8Array> | undefined {
  return (env as { incoming?: AsyncIterable<Uint8Array> } | undefined)?.incoming;
}

/** Undoes `Content-Encoding`; the decompressed size is held to the same limit (no gzip bombs). */
export async function decodeContentEncoding(body: Uint8Array, encoding: string | null, limitBytes: number): Promise<Uint8Array> {
  const name = (encoding ?? 'identity').trim().toLowerCase();
  if (name === 'identity' || name === '') return body;
  if (name !== 'gzip') throw new IngestError('unsupported_encoding', `Content-Encoding '${name}' is not supported; use gzip or none`);
  try {
    return await gunzipAsync(body, { maxOutputLength: limitBytes });
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge(limitBytes);
    throw new IngestError('invalid_gzip', 'the body is not valid gzip');
  }
}

import { gunzip } from 'node:zlib';
import { promisify } from 'node:util';
import { IngestError } from './errors.js';

const gunzipAsync = promisify(gunzip);

function tooLarge(limitBytes: number): IngestError {
  return new IngestError('payload_too_large', `the body is larger than the limit of ${limitBytes} bytes`);
}

/** Reads a request body, refusing more than `limitBytes` before it has all been buffered. */
export async function readBodyWithLimit(request: Request, limitBytes: number): Promise<Uint8Array> {
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > limitBytes) throw tooLarge(limitBytes);
  if (!request.body) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of request.body as unknown as AsyncIterable<Uint8Array>) {
    total += chunk.byteLength;
    if (total > limitBytes) throw tooLarge(limitBytes);
    chunks.push(chunk);
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
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

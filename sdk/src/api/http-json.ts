/** JSON over HTTP to Lumina's APIs, with their error body turned into a `LuminaApiError`. */
import { LuminaApiError, LuminaError } from '../errors.js';

/** Where and how to call one API. */
export interface ApiTarget {
  baseUrl: string;
  headers: Readonly<Record<string, string>>;
  timeoutMs: number;
}

interface ErrorBody {
  error?: { code?: unknown; message?: unknown; details?: unknown };
}

async function apiError(response: Response): Promise<LuminaApiError> {
  const text = await response.text().catch(() => '');
  let body: ErrorBody = {};
  try {
    body = JSON.parse(text) as ErrorBody;
  } catch {
    // not JSON: the status says it all
  }
  const code = typeof body.error?.code === 'string' ? body.error.code : `http_${response.status}`;
  const message = typeof body.error?.message === 'string' ? body.error.message : `${response.status} ${response.statusText}`.trim();
  return new LuminaApiError(response.status, code, message, body.error?.details);
}

/**
 * Sends `body` as JSON with `method` to `path` under the target's base URL and returns the
 * parsed JSON answer (undefined for an empty one). Throws `LuminaApiError` on a non-2xx
 * status, `LuminaError('request_failed')` when the API cannot be reached or times out.
 */
export async function requestJson<T>(target: ApiTarget, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const url = `${target.baseUrl.replace(/\/+$/, '')}${path}`;
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...target.headers },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(target.timeoutMs),
    });
  } catch (error) {
    throw new LuminaError('request_failed', `${method} ${url} failed: ${(error as Error).message}`, { cause: error });
  }
  if (!response.ok) throw await apiError(response);
  const text = await response.text();
  return (text === '' ? undefined : JSON.parse(text)) as T;
}

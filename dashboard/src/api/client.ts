import { storedApiKey } from './api-key';
import { takePrefetched } from './prefetch';

/**
 * Every call goes to the dashboard's own origin: the query API serves `/api` (alerts
 * included) and proxies `/replay` to the replay service, so one key and no CORS.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The service behind the proxy (or the API itself) could not be reached. */
  get unreachable(): boolean {
    return this.status === 0 || this.status === 502 || this.status === 503 || this.status === 504;
  }
}

/** Query-string parameters: arrays repeat the key, empty values are left out. */
export type Params = Record<string, string | number | readonly string[] | null | undefined>;

export function queryString(params: Params): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === null || value === undefined || value === '') continue;
    if (Array.isArray(value)) for (const item of value) search.append(key, item);
    else search.set(key, String(value));
  }
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}

async function errorOf(response: Response): Promise<ApiError> {
  try {
    const body = (await response.json()) as { error?: { code?: string; message?: string } };
    if (body.error?.code) return new ApiError(response.status, body.error.code, body.error.message ?? body.error.code);
  } catch {
    // not the API's error shape; fall through
  }
  return new ApiError(response.status, `http_${response.status}`, `${response.status} ${response.statusText}`.trim());
}

/** JSON from the APIs, with the stored API key; a non-2xx answer throws an ApiError with the API's code and message. */
export async function apiFetch<T>(path: string, init: { method?: string; body?: unknown; params?: Params } = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const key = storedApiKey();
  if (key) headers.authorization = `Bearer ${key}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const url = path + queryString(init.params ?? {});
  let response: Response | null = init.method === undefined || init.method === 'GET' ? await (takePrefetched(url) ?? Promise.resolve(null)) : null;
  try {
    response ??= await fetch(url, {
      method: init.method ?? 'GET',
      headers,
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
  } catch (error) {
    throw new ApiError(0, 'network_error', `could not reach ${path}: ${(error as Error).message}`);
  }
  if (!response.ok) throw await errorOf(response);
  const text = await response.text();
  return (text === '' ? null : JSON.parse(text)) as T;
}

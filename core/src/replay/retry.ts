/** How long to wait before retrying a provider call that failed with a retryable status (429, 5xx). */
import { seededRandom } from './seeded-random.js';

export interface RetryDelayOptions {
  /** makes the jitter reproducible: e.g. the replay id and span id; default 0 */
  seed?: string | number;
  /** the delay scale of the first retry; default 500 ms */
  baseDelayMs?: number;
  /** the longest backoff (Retry-After is honoured even past it); default 30 s */
  maxDelayMs?: number;
}

/**
 * A `Retry-After` header value in milliseconds from `now`: delta-seconds
 * (`"30"`, also decimals such as `"1.5"`) or an HTTP date (never negative);
 * null when absent or unreadable.
 */
export function retryAfterMs(header: string | null | undefined, now: Date | number): number | null {
  const value = header?.trim();
  if (!value) return null;
  if (/^\d+(?:\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  // An HTTP date names its day and month; anything else ("-5", "10s") is unreadable, not a year.
  if (!/[A-Za-z]{3}/.test(value)) return null;
  const at = Date.parse(value);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - (typeof now === 'number' ? now : now.getTime()));
}

/**
 * The delay before retry number `attempt` (1 for the first retry). A readable
 * `Retry-After` is honoured as given. Otherwise: exponential backoff with
 * "equal jitter", half of min(max, base × 2^(attempt−1)) plus a random part of
 * the other half, the random part drawn from the seed, so that replicas spread
 * out while a test can predict the value. Pure: `now` is only read to turn an
 * HTTP date into a delay.
 */
export function retryDelayMs(
  attempt: number,
  retryAfterHeader: string | null | undefined,
  now: Date | number,
  options: RetryDelayOptions = {},
): number {
  const serverSays = retryAfterMs(retryAfterHeader, now);
  if (serverSays !== null) return serverSays;
  const base = options.baseDelayMs ?? 500;
  const max = options.maxDelayMs ?? 30_000;
  const exponent = Math.min(Math.max(1, Math.floor(attempt)) - 1, 30);
  const ceiling = Math.min(max, base * 2 ** exponent);
  const random = seededRandom(options.seed ?? 0, attempt)();
  return Math.round(ceiling / 2 + (random * ceiling) / 2);
}

/** One HTTP delivery of a notification and what its outcome means for retrying. */
export type DeliveryOutcome = { ok: true } | { ok: false; retry: boolean; reason: string; retryAfterMs: number | null };

function retryAfterMs(header: string | null): number | null {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, date - Date.now());
}

/**
 * POSTs the JSON body. 2xx is delivered; 408, 429, 5xx and no answer are retried (Retry-After
 * honoured); any other status is refused for good (a wrong URL will not heal by retrying).
 * `Idempotency-Key` lets a receiver drop the copy a crash between send and record may cause.
 */
export async function postJson(url: string, body: unknown, idempotencyKey: string, timeoutMs: number): Promise<DeliveryOutcome> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'User-Agent': 'lumina-alerter', 'Idempotency-Key': idempotencyKey },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
  } catch (error) {
    return { ok: false, retry: true, reason: `no answer: ${error instanceof Error ? error.message : String(error)}`, retryAfterMs: null };
  }
  await response.arrayBuffer().catch(() => undefined);
  if (response.ok) return { ok: true };
  const retry = response.status === 408 || response.status === 429 || response.status >= 500;
  return { ok: false, retry, reason: `HTTP ${response.status}`, retryAfterMs: retryAfterMs(response.headers.get('retry-after')) };
}

/** Exponential backoff with full jitter's upper half: base·2^(attempt−1), capped. */
export function backoffMs(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

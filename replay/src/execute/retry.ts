/** Our retry loop around one provider call: the SDKs' own retries are off (maxRetries 0). */
import { retryDelayMs } from '@lumina/core';
import { ABORTED, type ProviderFailure, providerFailureOf } from './provider-failure.js';

export interface RetryPolicy {
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** a Retry-After past this is not waited for: the call fails */
  maxRetryAfterMs: number;
}

export type Attempted<T> = { ok: true; value: T; retries: number; latencyMs: number } | { ok: false; failure: ProviderFailure; retries: number };

/** Resolves after `ms`, or at once (false) when `signal` aborts. */
function pause(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Calls `attempt` until it succeeds, fails for good, or the retries are spent. A retryable
 * failure (429, 5xx, no connection) waits core's retryDelayMs: the Retry-After the provider
 * gave, else exponential backoff with jitter drawn from `seed`. The latency is the
 * successful attempt's own, without the waits before it.
 */
export async function withRetries<T>(attempt: () => Promise<T>, policy: RetryPolicy, seed: string, signal: AbortSignal): Promise<Attempted<T>> {
  for (let retries = 0; ; retries += 1) {
    const started = performance.now();
    try {
      const value = await attempt();
      return { ok: true, value, retries, latencyMs: Math.round((performance.now() - started) * 1000) / 1000 };
    } catch (error) {
      const failure = providerFailureOf(error);
      if (!failure.retryable || retries >= policy.maxRetries) return { ok: false, failure, retries };
      const delay = retryDelayMs(retries + 1, failure.retryAfter, Date.now(), { seed, baseDelayMs: policy.baseDelayMs, maxDelayMs: policy.maxDelayMs });
      if (delay > policy.maxRetryAfterMs) {
        return { ok: false, failure: { ...failure, message: `${failure.message} (Retry-After ${Math.round(delay / 1000)} s is longer than we wait)` }, retries };
      }
      if (!(await pause(delay, signal))) return { ok: false, failure: ABORTED, retries };
    }
  }
}

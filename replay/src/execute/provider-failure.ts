/** What went wrong with a provider call, in terms the retry loop and the stored result use. */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { ReplayError } from '@lumina/core';

export type ProviderFailureCode =
  /** 429 after every retry, or a Retry-After longer than we wait */
  | 'rate_limited'
  /** any other non-2xx answer (5xx after every retry, 4xx at once) */
  | 'provider_error'
  /** one attempt took longer than REPLAY_CALL_TIMEOUT_MS */
  | 'provider_timeout'
  /** the provider could not be reached (after every retry) */
  | 'connection_failed'
  /** a 2xx whose body is not JSON, or not the API's shape */
  | 'malformed_provider_response'
  /** the replica is stopping: the call goes back to the queue */
  | 'aborted';

export interface ProviderFailure {
  code: ProviderFailureCode;
  message: string;
  /** the HTTP status, when the provider answered */
  status: number | null;
  /** the Retry-After header of the answer */
  retryAfter: string | null;
  /** worth another attempt: 429, 5xx, a connection that failed */
  retryable: boolean;
}

const SDK_ERRORS = [
  { api: OpenAI.APIError, abort: OpenAI.APIUserAbortError, timeout: OpenAI.APIConnectionTimeoutError, connection: OpenAI.APIConnectionError },
  { api: Anthropic.APIError, abort: Anthropic.APIUserAbortError, timeout: Anthropic.APIConnectionTimeoutError, connection: Anthropic.APIConnectionError },
] as const;

function failure(code: ProviderFailureCode, message: string, retryable: boolean, status: number | null = null, retryAfter: string | null = null): ProviderFailure {
  return { code, message, status, retryAfter, retryable };
}

/** The failure of a call cancelled because the replica is stopping. */
export const ABORTED: ProviderFailure = failure('aborted', 'the call was cancelled (the replica is stopping)', false);

/** The failure an error thrown by either official SDK (or by core's reply readers) stands for. */
export function providerFailureOf(error: unknown): ProviderFailure {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof ReplayError && error.code === 'malformed_provider_response') return failure('malformed_provider_response', message, false);
  // The SDKs hand a 2xx body that is not JSON up as the parser's SyntaxError.
  if (error instanceof SyntaxError) return failure('malformed_provider_response', `the provider's answer is not JSON: ${message}`, false);
  for (const sdk of SDK_ERRORS) {
    if (error instanceof sdk.abort) return ABORTED;
    if (error instanceof sdk.timeout) return failure('provider_timeout', 'the provider did not answer in time', false);
    if (error instanceof sdk.connection) return failure('connection_failed', `the provider could not be reached: ${message}`, true);
    if (error instanceof sdk.api) {
      const status = typeof error.status === 'number' ? error.status : null;
      const retryAfter = error.headers?.get('retry-after') ?? null;
      if (status === 429) return failure('rate_limited', message, true, status, retryAfter);
      return failure('provider_error', message, status === null || status >= 500, status, retryAfter);
    }
  }
  return failure('provider_error', message, false);
}

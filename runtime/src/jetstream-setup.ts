import { setTimeout as sleep } from 'node:timers/promises';
import { jetstreamManager, JetStreamApiError, type JetStreamManager } from '@nats-io/jetstream';
import { NoRespondersError, RequestError, TimeoutError, type NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { errorText } from './logger.js';

/**
 * One JetStream API request at start-up may take this long: a cluster placing a replicated
 * stream or consumer (a Raft group of its own) on a busy machine can take longer than the
 * client's 5 s default.
 */
export const SETUP_REQUEST_TIMEOUT_MS = 20_000;

/** What a service waits, at most, for JetStream to take its streams and consumers at start. */
export const SETUP_DEADLINE_MS = 180_000;

/**
 * JetStream API errors that say "not now" rather than "no": results incomplete, the system
 * temporarily unavailable, no leader to answer. "No suitable peers for placement" (10005) is
 * not among them: its usual reason, a stream larger than a server's store, never passes.
 */
const TRANSIENT_API_CODES = new Set([10004, 10008, 10009]);

/** True when the failure is the cluster being busy, electing or restarting: asking again may succeed. */
export function isTransientJetStreamError(error: unknown): boolean {
  if (error instanceof TimeoutError || error instanceof NoRespondersError) return true;
  if (error instanceof RequestError) return error.isNoResponders() || isTransientJetStreamError(error.cause);
  // The client's name for "no server answered the JetStream API" (none has a meta leader yet);
  // the account truly without JetStream comes with an API error as its cause, and is final.
  if (error instanceof Error && error.name === 'JetStreamNotEnabled') return isTransientJetStreamError(error.cause);
  return error instanceof JetStreamApiError && TRANSIENT_API_CODES.has(error.code);
}

/** A JetStream manager for start-up work, whose requests wait SETUP_REQUEST_TIMEOUT_MS. */
export function setupManager(nc: NatsConnection): Promise<JetStreamManager> {
  return jetstreamManager(nc, { timeout: SETUP_REQUEST_TIMEOUT_MS });
}

export interface SetupRetryOptions {
  /** give up (throwing the last error) after this long; default SETUP_DEADLINE_MS */
  deadlineMs?: number;
  /** the first pause between tries, doubled up to 5 s; default 500 ms */
  firstPauseMs?: number;
}

/**
 * Runs `setup` (which must be safe to run again: look up, then create what is missing) until it
 * succeeds, asking again while JetStream is busy, electing a leader or restarting, so a replica
 * that starts beside a forming cluster waits for it instead of exiting. Any other error is
 * thrown at once.
 */
export async function untilJetStreamTakes<T>(what: string, setup: () => Promise<T>, logger: Logger, options: SetupRetryOptions = {}): Promise<T> {
  const deadline = Date.now() + (options.deadlineMs ?? SETUP_DEADLINE_MS);
  let pauseMs = options.firstPauseMs ?? 500;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await setup();
    } catch (error) {
      if (!isTransientJetStreamError(error) || Date.now() + pauseMs > deadline) throw error;
      logger.warn({ what, attempt, err: errorText(error) }, 'JetStream is not ready for this yet; asking again');
      await sleep(pauseMs);
      pauseMs = Math.min(pauseMs * 2, 5_000);
    }
  }
}

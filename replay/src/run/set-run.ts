/**
 * A replica's work on one running set: claim calls up to the run's concurrency, replay
 * them, write the outcomes, and end the run once no call is left (whichever replica
 * finishes last ends it).
 */
import type { Logger } from 'pino';
import type { ReplayOverrides } from '@lumina/core';
import { claimResults, countUnfinished, finishReplayRun, readResults, releaseClaims, type Queryable, type ReplayResultRow, type RunningSet } from '@lumina/db';
import { errorText } from '@lumina/runtime';
import type { ReplayMetrics } from '../metrics.js';
import { createOutcomeWriter } from './outcome-writer.js';
import { type CallDeps, type CallOutcome, replayCall, type RunContext } from './replay-call.js';
import { summaryOf } from './summary.js';

export interface SetRunDeps {
  db: Queryable;
  workerId: string;
  callDeps: CallDeps;
  metrics: ReplayMetrics;
  logger: Logger;
  leaseMs: number;
  maxClaims: number;
  defaultConcurrency: number;
  regressionThreshold: number;
}

export interface SetRun {
  /** resolves when this replica has nothing more to do for the set */
  done: Promise<void>;
  /** claim tokens this replica holds (in flight, or finished and not yet written) */
  tokens(): string[];
  /** no more claims; calls in flight get `graceMs` to finish, then are cancelled and given back */
  stop(graceMs: number): Promise<void>;
}

/** The run's overrides as stored in run_settings (API names). */
export function overridesOf(settings: Record<string, unknown>): ReplayOverrides {
  const text = (key: string) => (typeof settings[key] === 'string' ? (settings[key] as string) : undefined);
  const number = (key: string) => (typeof settings[key] === 'number' ? (settings[key] as number) : undefined);
  const overrides: ReplayOverrides = {};
  const entries: [keyof ReplayOverrides, string | number | undefined][] = [
    ['model', text('model')],
    ['provider', text('provider')],
    ['systemPrompt', text('system_prompt')],
    ['promptTemplate', text('prompt_template')],
    ['temperature', number('temperature')],
    ['maxTokens', number('max_tokens')],
  ];
  for (const [key, value] of entries) if (value !== undefined) (overrides as Record<string, unknown>)[key] = value;
  return overrides;
}

export function runSet(set: RunningSet, deps: SetRunDeps): SetRun {
  const { db, logger, metrics } = deps;
  const log = logger.child({ replay_id: set.replay_id, run: set.run_count });
  // One controller per call: the SDKs add an abort listener to the signal they are given and
  // never remove it, so a signal shared by the whole run would collect thousands.
  const controllers = new Set<AbortController>();
  let cancelled = false;
  const cancelAll = () => {
    cancelled = true;
    for (const controller of controllers) controller.abort();
  };
  const inFlight = new Map<string, Promise<void>>();
  const aborted: string[] = [];
  const writer = createOutcomeWriter(db, log);
  const concurrency = typeof set.run_settings.concurrency === 'number' ? set.run_settings.concurrency : deps.defaultConcurrency;
  const context: RunContext = { replayId: set.replay_id, mode: set.mode, overrides: overridesOf(set.run_settings), startedAt: set.started_at };
  let stopping = false;
  let wake: () => void = () => {};

  function finished(token: string, result: CallOutcome): void {
    if (result.status === 'aborted') {
      aborted.push(token);
      metrics.calls.inc({ mode: set.mode, outcome: 'requeued' });
      return;
    }
    writer.push({ claimToken: token, status: result.status, outcome: result.outcome });
    metrics.calls.inc({ mode: set.mode, outcome: result.status });
  }

  function start(row: ReplayResultRow): void {
    const token = row.claim_token as string;
    metrics.inFlight.inc();
    const controller = new AbortController();
    controllers.add(controller);
    if (cancelled) controller.abort();
    const task = replayCall(row, context, deps.callDeps, controller.signal)
      .catch((error: unknown): CallOutcome => {
        log.error({ err: errorText(error), span_id: row.span_id }, 'replaying a call failed unexpectedly');
        return { status: 'failed', outcome: { error_code: 'internal_error', error_message: 'the replay failed unexpectedly; the error is logged' } };
      })
      .then((result) => finished(token, result))
      .finally(() => {
        controllers.delete(controller);
        inFlight.delete(token);
        metrics.inFlight.dec();
        wake();
      });
    inFlight.set(token, task);
  }

  // Claimed ahead (up to one more round of the concurrency), so a freed slot starts its next
  // call at once instead of waiting for a claim statement.
  const queued: ReplayResultRow[] = [];
  let claiming: Promise<void> | null = null;
  let drained = false;
  let claimError: unknown = null;

  function claimMore(): void {
    const limit = 2 * concurrency - inFlight.size - queued.length;
    if (claiming !== null || drained || stopping || limit < Math.max(1, Math.floor(concurrency / 2))) return;
    claiming = claimResults(db, { projectId: set.project_id, replayId: set.replay_id, worker: deps.workerId, limit, leaseMs: deps.leaseMs, maxClaims: deps.maxClaims })
      .then((rows) => {
        queued.push(...rows);
        if (rows.length < limit) drained = true;
      })
      .catch((error: unknown) => {
        claimError = error;
      })
      .finally(() => {
        claiming = null;
        wake();
      });
  }

  async function claimAndRun(): Promise<void> {
    for (;;) {
      if (claimError !== null) throw claimError;
      if (stopping) return;
      while (inFlight.size < concurrency && queued.length > 0) start(queued.shift() as ReplayResultRow);
      claimMore();
      if (inFlight.size === 0 && queued.length === 0 && drained && claiming === null) return;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  }

  /** Ends the run when nothing is left to do: the summary is stored with the final status. */
  async function finishIfDone(): Promise<void> {
    if ((await countUnfinished(db, set.project_id, set.replay_id)) > 0) return;
    const results = await readResults(db, set.project_id, set.replay_id);
    const allFailed = results.length > 0 && results.every((row) => row.status === 'failed');
    const status = allFailed ? 'failed' : 'completed';
    const summary = summaryOf(results, deps.regressionThreshold);
    const ended = await finishReplayRun(db, {
      projectId: set.project_id,
      replayId: set.replay_id,
      runCount: set.run_count,
      status,
      summary,
      error: allFailed ? 'every call of the run failed; see the results for why' : null,
    });
    if (ended) log.info({ status, calls: results.length, failed: summary.failed_calls, regressions: summary.regressions }, 'replay run finished');
  }

  const done = (async () => {
    try {
      await claimAndRun();
    } catch (error) {
      log.warn({ err: errorText(error) }, 'claiming calls failed; the run goes on at the next poll');
    }
    await claiming;
    aborted.push(...queued.splice(0).map((row) => row.claim_token as string));
    await Promise.all(inFlight.values());
    await writer.flush();
    if (aborted.length > 0) {
      const released = await releaseClaims(db, aborted).catch((error: unknown) => (log.warn({ err: errorText(error) }, 'giving calls back failed; their leases will run out'), 0));
      log.info({ released }, 'calls in flight given back to the queue');
    }
    if (!stopping) await finishIfDone().catch((error: unknown) => log.warn({ err: errorText(error) }, 'ending the run failed; retried at the next poll'));
  })();

  return {
    done,
    tokens: () => [...inFlight.keys(), ...queued.map((row) => row.claim_token as string), ...writer.tokens()],
    async stop(graceMs) {
      stopping = true;
      wake();
      const cancel = setTimeout(cancelAll, graceMs);
      const closeWriter = setTimeout(() => writer.close(), graceMs);
      await done;
      clearTimeout(cancel);
      clearTimeout(closeWriter);
    },
  };
}

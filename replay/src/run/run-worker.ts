/**
 * Every replica runs one worker: it polls for running sets and works on each (set-run.ts),
 * keeps the leases of its claims alive, and on stop lets calls in flight finish or gives
 * them back. A run survives its replica: another one (or this one restarted) takes over
 * the calls whose leases ran out, and ends the run.
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { expireClaimsOf, readRunningSets, renewClaims, type Queryable } from '@lumina/db';
import { errorText, repeatingJob } from '@lumina/runtime';
import { runSet, type SetRun, type SetRunDeps } from './set-run.js';

export interface RunWorker {
  /** `workerId` names this replica in claims; the same id after a restart resumes its calls at once */
  start(workerId: string): void;
  /** looks for runs now (after this replica started one) */
  kick(): Promise<void>;
  stop(graceMs: number): Promise<void>;
}

export interface RunWorkerOptions extends Omit<SetRunDeps, 'workerId'> {
  pollIntervalMs: number;
}

/**
 * A name for this replica in claims and logs: host and port, the same after a restart (so
 * the restarted replica resumes its own calls at once, see expireClaimsOf), and unique among
 * live replicas (two processes cannot listen on one host and port). With port 0 (tests), random.
 */
export function workerName(port: number, configured?: string): string {
  if (configured) return configured;
  return port === 0 ? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}` : `${hostname()}:${port}`;
}

export function createRunWorker(options: RunWorkerOptions, db: Queryable = options.db, logger: Logger = options.logger): RunWorker {
  const deps: SetRunDeps = { ...options, workerId: '' };
  const runs = new Map<string, SetRun>();
  let stopped = false;
  let polls: Promise<void> = Promise.resolve();
  let renewTimer: NodeJS.Timeout | undefined;

  async function poll(): Promise<void> {
    if (stopped) return;
    for (const set of await readRunningSets(db)) {
      const key = `${set.project_id}/${set.replay_id}/${set.run_count}`;
      if (runs.has(key) || stopped) continue;
      const run = runSet(set, deps);
      runs.set(key, run);
      void run.done.finally(() => runs.delete(key));
    }
  }

  // Polls run one after another, and every kick gets a poll that starts after it.
  const kick = (): Promise<void> => {
    polls = polls.then(poll, poll);
    return polls;
  };
  const job = repeatingJob('replay-runs', options.pollIntervalMs, async () => (await kick(), { moreWork: false }), logger);

  async function renew(): Promise<void> {
    const tokens = [...runs.values()].flatMap((run) => run.tokens());
    await renewClaims(db, tokens, options.leaseMs).catch((error: unknown) => logger.warn({ err: errorText(error) }, 'renewing leases failed'));
  }

  return {
    start(workerId) {
      deps.workerId = workerId;
      // A restarted replica's own claims are not in flight anywhere: take them back at once.
      polls = expireClaimsOf(db, workerId).then(
        (expired) => (expired > 0 ? logger.info({ worker: workerId, calls: expired }, 'resuming the calls this replica had claimed before it stopped') : undefined),
        (error: unknown) => logger.warn({ err: errorText(error) }, 'could not take back this replica\'s earlier claims; their leases will run out'),
      );
      job.start();
      void kick().catch((error: unknown) => logger.warn({ err: errorText(error) }, 'looking for runs failed; retrying'));
      renewTimer = setInterval(() => void renew(), Math.max(100, Math.floor(options.leaseMs / 3)));
      renewTimer.unref();
    },
    kick,
    async stop(graceMs) {
      stopped = true;
      await job.stop();
      await polls.catch(() => {});
      await Promise.all([...runs.values()].map((run) => run.stop(graceMs)));
      clearInterval(renewTimer);
    },
  };
}

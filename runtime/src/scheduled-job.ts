import type { Logger } from 'pino';
import { errorText } from './logger.js';

/** A job run at the instants a schedule gives (a cron expression's runs); stop() waits for the run in flight. */
export interface ScheduledJob {
  start(): void;
  stop(): Promise<void>;
}

export interface ScheduledJobOptions {
  /** the first run strictly after an instant; null: no run left */
  nextRunAfter: (after: Date) => Date | null;
  /** the job's clock (tests move it); wall time by default */
  clock?: () => Date;
}

// setTimeout holds at most ~24.8 days; a later run is reached by waking up and waiting again.
const MAX_TIMER_MS = 2_147_483_647;

/**
 * Runs `run(now)` at each scheduled instant, one run at a time: instants that pass while a run
 * is going make one more run start as soon as it ends. A failed run is logged and the schedule
 * goes on: the job never stops the process.
 */
export function scheduledJob(name: string, options: ScheduledJobOptions, run: (now: Date) => Promise<void>, logger: Logger): ScheduledJob {
  const clock = options.clock ?? (() => new Date());
  let running = false;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> | undefined;

  const arm = (after: Date) => {
    if (!running) return;
    const next = options.nextRunAfter(after);
    if (next === null) {
      logger.warn({ job: name }, 'schedule has no run left');
      return;
    }
    const wait = () => {
      if (!running) return;
      const remaining = next.getTime() - clock().getTime();
      if (remaining > 0) {
        timer = setTimeout(wait, Math.min(remaining, MAX_TIMER_MS));
        return;
      }
      const now = clock();
      inFlight = run(now)
        .catch((error: unknown) => logger.error({ job: name, err: errorText(error) }, 'scheduled job failed; next run as scheduled'))
        .then(() => arm(next.getTime() > now.getTime() ? next : now));
    };
    wait();
  };

  return {
    start() {
      if (running) return;
      running = true;
      arm(clock());
    },
    async stop() {
      running = false;
      clearTimeout(timer);
      await inFlight;
    },
  };
}

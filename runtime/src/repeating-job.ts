import type { Logger } from 'pino';

/** A job run again and again until stopped; stop() waits for the run in flight. */
export interface RepeatingJob {
  start(): void;
  stop(): Promise<void>;
}

/**
 * Runs `runOnce` every `intervalMs`, or at once again when it reports more work. A failure
 * (the database away) is logged once per outage and retried on the next tick: the job
 * never stops the process.
 */
export function repeatingJob(name: string, intervalMs: number, runOnce: () => Promise<{ moreWork: boolean }>, logger: Logger): RepeatingJob {
  let running = false;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> | undefined;
  let failing = false;

  const tick = () => {
    inFlight = runOnce()
      .then(({ moreWork }) => {
        if (failing) logger.info({ job: name }, 'background job recovered');
        failing = false;
        return moreWork;
      })
      .catch((error: unknown) => {
        if (!failing) logger.warn({ job: name, err: error instanceof Error ? error.message : String(error) }, 'background job failed; retrying');
        failing = true;
        return false;
      })
      .then((moreWork) => {
        if (running) timer = setTimeout(tick, moreWork ? 0 : intervalMs);
      });
  };

  return {
    start() {
      if (running) return;
      running = true;
      timer = setTimeout(tick, intervalMs);
    },
    async stop() {
      running = false;
      clearTimeout(timer);
      await inFlight;
    },
  };
}

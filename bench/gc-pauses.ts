import { PerformanceObserver } from 'node:perf_hooks';

/** This process's GC pauses as V8 reports them, for a benchmark to read around what it times. */
export interface GcPauses {
  /** ms paused by GC since watching began */
  readonly pauseMs: number;
  /** when each GC began, in performance.now() time */
  readonly starts: readonly number[];
  /** waits for the entries of what just ran (the observer gets them on a timer, not at once) */
  settle(): Promise<void>;
  stop(): void;
}

export function watchGcPauses(): GcPauses {
  let pauseMs = 0;
  const starts: number[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      pauseMs += entry.duration;
      starts.push(entry.startTime);
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  return {
    get pauseMs() {
      return pauseMs;
    },
    starts,
    settle: () => new Promise((resolve) => setTimeout(resolve, 30)),
    stop: () => observer.disconnect(),
  };
}

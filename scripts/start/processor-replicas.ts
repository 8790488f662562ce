import { availableParallelism } from 'node:os';

/** How many bulk processor replicas `npm start` runs: `PROCESSORS_REPLICAS`, else one per core (at most 4). */
export function processorReplicaCount(env: NodeJS.ProcessEnv = process.env): number {
  const set = env.PROCESSORS_REPLICAS;
  if (set === undefined || set === '') return Math.min(4, Math.max(1, availableParallelism()));
  const count = Number(set);
  if (!Number.isInteger(count) || count < 1 || count > 64) throw new Error(`PROCESSORS_REPLICAS must be an integer from 1 to 64, got "${set}"`);
  return count;
}

/**
 * Node options of every processors process `npm start` runs: V8's young generation at 8 MiB a
 * semi-space instead of 16. The processors make short-lived garbage fast; a smaller nursery is
 * collected more often for a few percent more CPU, and keeps peak RSS ~20-40 MiB lower
 * (bench:ingest 200k: 224-238 → 202-212 MiB a replica at 1 MiB batches).
 */
export const PROCESSOR_NODE_OPTIONS = '--max-semi-space-size=8';

/** One processors process as `npm start` runs it. */
export interface ProcessorProcess {
  name: string;
  /** its PROCESSOR_LANES */
  lanes: 'bulk' | 'express';
  /** 0-based: its health/metrics port is the first plus 10 per index (8083, 8093…) */
  index: number;
}

/** The environment a processors process adds to the platform's: its lanes and Node options. */
export function processorProcessEnv(process: ProcessorProcess, inherited: NodeJS.ProcessEnv): Record<string, string> {
  return { PROCESSOR_LANES: process.lanes, NODE_OPTIONS: [inherited.NODE_OPTIONS, PROCESSOR_NODE_OPTIONS].filter(Boolean).join(' ') };
}

/**
 * The processors as `npm start` runs them: `replicas` processes on the bulk lane (one event loop
 * each, so one per core), and one on the express lane alone, mostly idle, so that a small
 * export is stored within moments even while the bulk replicas are saturated.
 */
export function processorProcesses(replicas: number): ProcessorProcess[] {
  return [
    ...Array.from({ length: replicas }, (_, index) => ({ name: replicas === 1 ? 'processors' : `processors-${index + 1}`, lanes: 'bulk' as const, index })),
    { name: 'processors-express', lanes: 'express', index: replicas },
  ];
}

/** Whether a process name is one `processorProcesses` gives (`processors`, `processors-<n>`, `processors-express`). */
export function isProcessorsProcess(name: string): boolean {
  return /^processors(-\d+|-express)?$/.test(name);
}

/** The health/metrics port of the processors process at `index`: 8083, 8093, 8103… */
export function processorReplicaPort(firstPort: number, index: number): number {
  return firstPort + 10 * index;
}

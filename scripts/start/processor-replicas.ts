import { availableParallelism } from 'node:os';

/** How many bulk processor replicas `npm start` runs: `PROCESSORS_REPLICAS`, else one per core (at most 4). */
export function processorReplicaCount(env: NodeJS.ProcessEnv = process.env): number {
  const set = env.PROCESSORS_REPLICAS;
  if (set === undefined || set === '') return Math.min(4, Math.max(1, availableParallelism()));
  const count = Number(set);
  if (!Number.isInteger(count) || count < 1 || count > 64) throw new Error(`PROCESSORS_REPLICAS must be an integer from 1 to 64, got "${set}"`);
  return count;
}

/** One processors process as `npm start` runs it. */
export interface ProcessorProcess {
  name: string;
  /** its PROCESSOR_LANES */
  lanes: 'bulk' | 'express';
  /** 0-based: its health/metrics port is the first plus 10 per index (8083, 8093…) */
  index: number;
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

/** The health/metrics port of the processors process at `index`: 8083, 8093, 8103… */
export function processorReplicaPort(firstPort: number, index: number): number {
  return firstPort + 10 * index;
}

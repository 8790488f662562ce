import { availableParallelism } from 'node:os';

/** How many processor replicas `npm start` runs: `PROCESSORS_REPLICAS`, else one per core (at most 4). */
export function processorReplicaCount(env: NodeJS.ProcessEnv = process.env): number {
  const set = env.PROCESSORS_REPLICAS;
  if (set === undefined || set === '') return Math.min(4, Math.max(1, availableParallelism()));
  const count = Number(set);
  if (!Number.isInteger(count) || count < 1 || count > 64) throw new Error(`PROCESSORS_REPLICAS must be an integer from 1 to 64, got "${set}"`);
  return count;
}

/** Replica `index` (0-based) serves /health and /metrics on the first port plus 10 per replica: 8083, 8093, 8103… */
export function processorReplicaPort(firstPort: number, index: number): number {
  return firstPort + 10 * index;
}

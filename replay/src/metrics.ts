import { Counter, Gauge, type Registry } from 'prom-client';
import { createRequestMetrics, createServiceRegistry, metricName, type RequestMetrics } from '@lumina/runtime';

/** The replay service's metrics, in a registry of its own so that several instances can share a process. */
export interface ReplayMetrics extends RequestMetrics {
  registry: Registry;
  /** replayed calls by mode and outcome (completed, failed, requeued) */
  calls: Counter<'mode' | 'outcome'>;
  /** judge activity: calls made, verdicts read from the cache, failures */
  judge: Counter<'kind'>;
  inFlight: Gauge;
}

export function createReplayMetrics(): ReplayMetrics {
  const registry = createServiceRegistry('replay');
  return {
    registry,
    ...createRequestMetrics(registry, 'replay'),
    calls: new Counter({ name: metricName('replay', 'calls_total'), help: 'Replayed LLM calls by mode and outcome', labelNames: ['mode', 'outcome'], registers: [registry] }),
    judge: new Counter({ name: metricName('replay', 'judge_total'), help: 'LLM judge calls, cache hits and failures', labelNames: ['kind'], registers: [registry] }),
    inFlight: new Gauge({ name: metricName('replay', 'calls_in_flight'), help: 'Replayed calls this replica is working on', registers: [registry] }),
  };
}

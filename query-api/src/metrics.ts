import type { Registry } from 'prom-client';
import { createRequestMetrics, createServiceRegistry, type RequestMetrics } from '@lumina/runtime';

/** The API's metrics, in a registry of its own so that several instances can share a process. */
export interface QueryApiMetrics extends RequestMetrics {
  registry: Registry;
}

export function createQueryApiMetrics(): QueryApiMetrics {
  const registry = createServiceRegistry('query_api');
  return { registry, ...createRequestMetrics(registry, 'query_api') };
}

import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { Logger } from 'pino';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Every metric a service exports starts with `lumina_`; its process metrics with `lumina_<service>_`. */
export function metricName(service: string, name: string): string {
  return `lumina_${service}_${name}`;
}

/** A registry of the service's own (tests run several services in one process), with process metrics. */
export function createServiceRegistry(service: string): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: metricName(service, '') });
  return registry;
}

export interface RequestMetrics {
  requests: Counter<'method' | 'route' | 'status'>;
  duration: Histogram<'method' | 'route' | 'status'>;
}

/** `lumina_<service>_requests_total` and `_request_duration_seconds`, by route template and status. */
export function createRequestMetrics(registry: Registry, service: string): RequestMetrics {
  return {
    requests: new Counter({
      name: metricName(service, 'requests_total'),
      help: 'HTTP requests answered, by route template and status',
      labelNames: ['method', 'route', 'status'],
      registers: [registry],
    }),
    duration: new Histogram({
      name: metricName(service, 'request_duration_seconds'),
      help: 'Time to answer HTTP requests, by route template and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
  };
}

/** Counts and times every request by its route template (never the raw path: ids would explode the label set), and logs it. */
export function observeRequests(metrics: RequestMetrics, logger: Logger): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    await next();
    const seconds = (performance.now() - started) / 1000;
    const matched = routePath(c, -1);
    const route = matched === '/*' || matched === '*' ? 'unmatched' : matched;
    const labels = { method: c.req.method, route, status: String(c.res.status) };
    metrics.requests.inc(labels);
    metrics.duration.observe(labels, seconds);
    logger.info({ ...labels, duration_ms: Math.round(seconds * 1000 * 10) / 10 }, 'request');
  };
}

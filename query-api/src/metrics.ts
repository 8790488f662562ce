import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { Logger } from 'pino';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The API's metrics, in a registry of its own so that several instances can share a process. */
export interface QueryApiMetrics {
  registry: Registry;
  requests: Counter<'method' | 'route' | 'status'>;
  duration: Histogram<'method' | 'route' | 'status'>;
}

export function createQueryApiMetrics(): QueryApiMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    requests: new Counter({
      name: 'lumina_query_api_requests_total',
      help: 'HTTP requests answered, by route template and status',
      labelNames: ['method', 'route', 'status'],
      registers: [registry],
    }),
    duration: new Histogram({
      name: 'lumina_query_api_request_duration_seconds',
      help: 'Time to answer HTTP requests, by route template and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
  };
}

/** Counts and times every request by its route template (never the raw path: ids would explode the label set), and logs it. */
export function observeRequests(metrics: QueryApiMetrics, logger: Logger): MiddlewareHandler {
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

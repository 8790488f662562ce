import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv, RouteDeps } from '../app-env.js';

const route = createRoute({
  method: 'get',
  path: '/metrics',
  summary: 'Prometheus metrics: requests and latencies by route and status, process metrics',
  responses: {
    200: { description: 'Prometheus text format', content: { 'text/plain': { schema: z.string() } } },
  },
});

export function registerMetricsRoute(app: OpenAPIHono<AppEnv>, { metrics }: RouteDeps): void {
  app.openapi(route, async (c) => {
    return c.text(await metrics.registry.metrics(), 200, { 'Content-Type': metrics.registry.contentType });
  });
}

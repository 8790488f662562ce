import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { addServiceRoutes } from '@lumina/runtime';
import type { AppEnv, RouteDeps } from '../app-env.js';

const healthRoute = createRoute({
  method: 'get',
  path: '/health',
  summary: 'The process is up',
  responses: { 200: { description: 'up', content: { 'application/json': { schema: z.object({ status: z.literal('ok') }) } } } },
});

const metricsRoute = createRoute({
  method: 'get',
  path: '/metrics',
  summary: 'Prometheus metrics: requests by route and status, replayed calls by mode and outcome, judge calls and cache hits',
  responses: { 200: { description: 'Prometheus text format', content: { 'text/plain': { schema: z.string() } } } },
});

/** `/health` and `/metrics` as every service answers them (runtime), documented in the OpenAPI document. */
export function registerServiceRoutes(app: OpenAPIHono<AppEnv>, { metrics }: RouteDeps): void {
  addServiceRoutes(app, { registry: metrics.registry });
  app.openAPIRegistry.registerPath(healthRoute);
  app.openAPIRegistry.registerPath(metricsRoute);
}

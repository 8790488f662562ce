import type { OpenAPIHono } from '@hono/zod-openapi';
import { latencyReport } from '../analytics/latency-report.js';
import type { AppEnv, RouteDeps } from '../app-env.js';
import { LatencyReportSchema } from '../schemas/analytics.js';
import { registerAnalyticsRoute } from './analytics-route.js';

export function registerLatencyRoute(app: OpenAPIHono<AppEnv>, deps: RouteDeps): void {
  registerAnalyticsRoute(app, deps, {
    path: '/api/analytics/latency',
    summary: 'Latency of the LLM calls in a range: count, mean, p50/p95/p99, max; breakdown and trend',
    schema: LatencyReportSchema,
    report: latencyReport,
  });
}

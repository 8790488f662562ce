import type { OpenAPIHono } from '@hono/zod-openapi';
import { costReport } from '../analytics/cost-report.js';
import type { AppEnv, RouteDeps } from '../app-env.js';
import { CostReportSchema } from '../schemas/analytics.js';
import { registerAnalyticsRoute } from './analytics-route.js';

export function registerCostRoute(app: OpenAPIHono<AppEnv>, deps: RouteDeps): void {
  registerAnalyticsRoute(app, deps, {
    path: '/api/analytics/cost',
    summary: 'Cost of the LLM calls in a range: totals, breakdown, trend',
    schema: CostReportSchema,
    report: costReport,
  });
}

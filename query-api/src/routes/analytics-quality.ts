import type { OpenAPIHono } from '@hono/zod-openapi';
import { qualityReport } from '../analytics/quality-report.js';
import type { AppEnv, RouteDeps } from '../app-env.js';
import { QualityReportSchema } from '../schemas/analytics.js';
import { registerAnalyticsRoute } from './analytics-route.js';

export function registerQualityRoute(app: OpenAPIHono<AppEnv>, deps: RouteDeps): void {
  registerAnalyticsRoute(app, deps, {
    path: '/api/analytics/quality',
    summary: 'Quality scores of the LLM calls in a range: average, percentiles, share under the floor, breakdown, trend',
    schema: QualityReportSchema,
    report: qualityReport,
  });
}

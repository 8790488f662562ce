import type { OpenAPIHono } from '@hono/zod-openapi';
import { tokensReport } from '../analytics/tokens-report.js';
import type { AppEnv, RouteDeps } from '../app-env.js';
import { TokensReportSchema } from '../schemas/analytics.js';
import { registerAnalyticsRoute } from './analytics-route.js';

export function registerTokensRoute(app: OpenAPIHono<AppEnv>, deps: RouteDeps): void {
  registerAnalyticsRoute(app, deps, {
    path: '/api/analytics/tokens',
    summary: 'Token usage of the LLM calls in a range: totals, breakdown, trend',
    schema: TokensReportSchema,
    report: tokensReport,
  });
}

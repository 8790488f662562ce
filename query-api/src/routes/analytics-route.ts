import { createRoute, type OpenAPIHono, type z } from '@hono/zod-openapi';
import type { AppEnv, RouteDeps } from '../app-env.js';
import type { ReportInput } from '../analytics/report-input.js';
import { resolveWindow } from '../analytics/window.js';
import { cacheKey } from '../cache.js';
import { AnalyticsQuery } from '../params/analytics-params.js';
import { errorResponses } from '../schemas/error.js';

const DEFAULT_BREAKDOWN_LIMIT = 100;

/**
 * Registers one analytics endpoint: parameters of API.md, the report computed from
 * rollups, and the answer cached briefly in Redis under its normalized parameters.
 */
export function registerAnalyticsRoute<Schema extends z.ZodType>(
  app: OpenAPIHono<AppEnv>,
  deps: RouteDeps,
  spec: { path: `/api/analytics/${string}`; summary: string; schema: Schema; report: (input: ReportInput) => Promise<z.infer<Schema>> },
): void {
  const route = createRoute({
    method: 'get',
    path: spec.path,
    summary: spec.summary,
    request: { query: AnalyticsQuery },
    responses: {
      200: { description: 'the report', content: { 'application/json': { schema: spec.schema } } },
      ...errorResponses,
    },
  });
  app.openapi(route, async (c) => {
    const params = c.req.valid('query');
    const projectId = c.get('projectId');
    const key = cacheKey(`${spec.path}:${projectId}`, params);
    const body = await deps.cache.through(key, () => {
      const window = resolveWindow(params, deps.now());
      return spec.report({
        db: deps.db,
        scope: { projectId, fromMs: window.fromMs, toMs: window.toMs, service: params.service, model: params.model, provider: params.provider },
        window,
        groupBy: params.group_by,
        breakdownLimit: params.breakdown_limit ?? DEFAULT_BREAKDOWN_LIMIT,
      });
    });
    return c.json(body, 200);
  });
}

import { OpenAPIHono } from '@hono/zod-openapi';
import { errorBody, type Scope } from '@lumina/core';
import { observeRequests, requireApiKey } from '@lumina/runtime';
import type { AppEnv, RouteDeps } from './app-env.js';
import { errorResponse } from './errors.js';
import { registerAlertRuleRoutes } from './routes/alert-rules.js';
import { registerAlertRoutes } from './routes/alerts.js';
import { registerCostRoute } from './routes/analytics-cost.js';
import { registerConventionsRoute } from './routes/conventions.js';
import { registerLatencyRoute } from './routes/analytics-latency.js';
import { registerTokensRoute } from './routes/analytics-tokens.js';
import { registerQualityRoute } from './routes/analytics-quality.js';
import { registerExportRoute } from './routes/export.js';
import { registerFeedbackRoute } from './routes/feedback.js';
import { registerServiceRoutes } from './routes/service-routes.js';
import { registerSpanRoutes } from './routes/spans.js';
import { registerTraceRoutes } from './routes/traces.js';
import { validationError } from './validation.js';
import { registerReplayProxy } from './dashboard/replay-proxy.js';
import { dashboardPage, registerDashboardAssets } from './dashboard/serve-dashboard.js';

/** The scope a request under /api needs. */
function scopeOf(method: string, path: string): Scope {
  if (method === 'POST' && path.endsWith('/feedback')) return 'ingest';
  if (method !== 'GET' && (path.startsWith('/api/alert-rules') || path.startsWith('/api/alerts'))) return 'admin';
  return 'read';
}

/** The HTTP surface of API.md "Query API", plus /openapi.json, /metrics, the dashboard at / and /replay proxied to the replay service. */
export function createApp(deps: RouteDeps): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({
    // Every failed validation becomes the same 400 body, naming the parameter.
    defaultHook: (result) => {
      if (!result.success) throw validationError(result.error);
    },
  });
  app.use('*', observeRequests(deps.metrics, deps.logger));
  // Feedback comes from apps (the SDK's ingest key); alert rule writes and acknowledgements
  // need `admin`; everything else under /api reads data.
  app.use('/api/*', requireApiKey(deps.verifier, scopeOf));

  registerServiceRoutes(app, deps);
  registerTraceRoutes(app, deps);
  registerSpanRoutes(app, deps);
  registerFeedbackRoute(app, deps);
  registerCostRoute(app, deps);
  registerLatencyRoute(app, deps);
  registerTokensRoute(app, deps);
  registerQualityRoute(app, deps);
  registerExportRoute(app, deps);
  registerConventionsRoute(app, deps);
  registerAlertRuleRoutes(app, deps);
  registerAlertRoutes(app, deps);
  app.doc('/openapi.json', {
    openapi: '3.0.3',
    info: {
      title: 'Lumina query API',
      version: '0.1.0',
      description: 'Search and analytics over the spans Lumina stored (API.md "Query API").',
    },
  });

  if (deps.dashboard) {
    registerReplayProxy(app, deps.dashboard.replayUrl, deps.dashboard.replayTimeoutMs);
    registerDashboardAssets(app, deps.dashboard.dir);
  }

  // Pages of the dashboard are not routes (they would take over the route label of the metrics).
  app.notFound((c) => (deps.dashboard && dashboardPage(c, deps.dashboard.dir)) || c.json(errorBody('not_found', `no route ${c.req.method} ${c.req.path}`), 404));
  app.onError((error, c) => {
    const { status, body } = errorResponse(error);
    if (status >= 500) deps.logger.error({ err: error, path: c.req.path }, 'request failed');
    return c.json(body, status);
  });
  return app;
}

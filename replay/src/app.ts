import { OpenAPIHono } from '@hono/zod-openapi';
import { HTTPException } from 'hono/http-exception';
import { errorBody } from '@lumina/core';
import { observeRequests, requireApiKey } from '@lumina/runtime';
import type { AppEnv, RouteDeps } from './app-env.js';
import { errorResponse, ReplayApiError } from './errors.js';
import { registerCaptureRoute } from './routes/capture.js';
import { registerRunRoute } from './routes/run.js';
import { registerServiceRoutes } from './routes/service-routes.js';
import { registerSetRoutes } from './routes/sets.js';
import { validationError } from './validation.js';

/** The HTTP surface of API.md "Replay", plus /openapi.json, /health and /metrics. */
export function createApp(deps: RouteDeps): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({
    // Every failed validation becomes the same 400 body, naming the field.
    defaultHook: (result) => {
      if (!result.success) throw validationError(result.error);
    },
  });
  app.use('*', observeRequests(deps.metrics, deps.logger));
  // Reading sets and diffs needs `read`; capturing and running (which spends provider money) `admin`.
  app.use('/replay/*', requireApiKey(deps.verifier, (method) => (method === 'GET' ? 'read' : 'admin')));
  app.use('/replay', requireApiKey(deps.verifier, 'read'));
  // A body in another format is a 415, not a confusing validation error.
  app.use('/replay/*', async (c, next) => {
    const type = c.req.header('content-type') ?? '';
    if (c.req.method === 'POST' && !/^application\/json\b/i.test(type)) {
      throw new ReplayApiError('unsupported_media_type', `the body must be application/json${type ? ` (got ${type})` : ''}`);
    }
    await next();
  });

  registerServiceRoutes(app, deps);
  registerCaptureRoute(app, deps);
  registerRunRoute(app, deps);
  registerSetRoutes(app, deps);
  app.doc('/openapi.json', {
    openapi: '3.0.3',
    info: {
      title: 'Lumina replay API',
      version: '0.1.0',
      description: 'Capture stored LLM calls, replay them with other models, prompts or providers, and compare (API.md "Replay").',
    },
  });

  app.notFound((c) => c.json(errorBody('not_found', `no route ${c.req.method} ${c.req.path}`), 404));
  app.onError((error, c) => {
    // Hono's own 400 (a body that is not JSON) keeps the API's error shape.
    if (error instanceof HTTPException && error.status === 400) return c.json(errorBody('invalid_body', 'the body is not valid JSON'), 400);
    const { status, body } = errorResponse(error);
    if (status >= 500) deps.logger.error({ err: error, path: c.req.path }, 'request failed');
    return c.json(body, status);
  });
  return app;
}

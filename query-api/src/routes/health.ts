import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../app-env.js';

const route = createRoute({
  method: 'get',
  path: '/health',
  summary: 'The process is up',
  responses: {
    200: { description: 'up', content: { 'application/json': { schema: z.object({ status: z.literal('ok') }) } } },
  },
});

export function registerHealthRoute(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, (c) => c.json({ status: 'ok' as const }, 200));
}

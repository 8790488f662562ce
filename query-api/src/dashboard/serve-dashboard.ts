import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { serveStatic } from '@hono/node-server/serve-static';
import { errorBody } from '@lumina/core';
import type { AppEnv } from '../app-env.js';

/** Paths that belong to the APIs: never answered with the dashboard's page. */
const API_PATHS = new Set(['/api', '/replay', '/openapi.json', '/metrics', '/health', '/ready']);

function isApiPath(path: string): boolean {
  return API_PATHS.has(path) || path.startsWith('/api/') || path.startsWith('/replay/');
}

/**
 * Serves the built dashboard: its hashed assets (cached for a year) and, for any other GET
 * outside the APIs, its index.html, so that a deep link (/traces/abc) opens the right page.
 * Registered last, so every API route matches first. Without a build, `/` says how to make one.
 */
export function registerDashboard(app: OpenAPIHono<AppEnv>, dashboardDir: string): void {
  const indexFile = join(dashboardDir, 'index.html');
  // Asset names carry a content hash: a new build makes new names, so they can be cached for good.
  app.use('/assets/*', async (c, next) => {
    await next();
    if (c.res.status === 200) c.res.headers.set('cache-control', 'public, max-age=31536000, immutable');
  });
  app.use('/assets/*', serveStatic({ root: dashboardDir }));
  app.get('*', async (c, next) => {
    // A missing asset is a 404, not the page (a script tag would choke on HTML).
    if (isApiPath(c.req.path) || c.req.path.startsWith('/assets/')) return next();
    if (!existsSync(indexFile)) {
      return c.json(errorBody('dashboard_not_built', `no dashboard at ${dashboardDir}: run npm run build -w @lumina/dashboard (npm ci builds it too)`), 404);
    }
    // Read per request: a rebuild (new asset hashes) is served without a restart.
    c.header('cache-control', 'no-cache');
    return c.html(readFileSync(indexFile, 'utf8'));
  });
}

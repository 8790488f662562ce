import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { serveStatic } from '@hono/node-server/serve-static';
import { errorBody } from '@lumina/core';
import type { AppEnv } from '../app-env.js';

/** Paths that belong to the APIs: never answered with the dashboard's page. */
const API_PATHS = new Set(['/api', '/replay', '/openapi.json', '/metrics', '/health', '/ready']);

function isApiPath(path: string): boolean {
  return API_PATHS.has(path) || path.startsWith('/api/') || path.startsWith('/replay/');
}

/**
 * The dashboard's hashed assets (cached for good: a new build makes new names). Only
 * `/assets/*` is a route, so every API request keeps its own route template in the metrics.
 */
export function registerDashboardAssets(app: OpenAPIHono<AppEnv>, dashboardDir: string): void {
  app.use('/assets/*', async (c, next) => {
    await next();
    if (c.res.status === 200) c.res.headers.set('cache-control', 'public, max-age=31536000, immutable');
  });
  app.use('/assets/*', serveStatic({ root: dashboardDir }));
}

/**
 * The answer to a GET no route matched: outside the APIs, the dashboard's index.html, so that
 * a deep link (/traces/abc) opens the right page; without a build, how to make one. Null for
 * API paths and missing assets (a script tag would choke on HTML): those stay JSON 404s.
 */
export function dashboardPage(c: Context<AppEnv>, dashboardDir: string): Response | null {
  if (c.req.method !== 'GET' || isApiPath(c.req.path) || c.req.path.startsWith('/assets/')) return null;
  const indexFile = join(dashboardDir, 'index.html');
  if (!existsSync(indexFile)) {
    return c.json(errorBody('dashboard_not_built', `no dashboard at ${dashboardDir}: run npm run build -w @lumina/dashboard (npm ci builds it too)`), 404);
  }
  // Read per request: a rebuild (new asset hashes) is served without a restart.
  c.header('cache-control', 'no-cache');
  return c.html(readFileSync(indexFile, 'utf8')) as Response;
}

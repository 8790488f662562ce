import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { orderForReview } from '@lumina/core';
import { listReplaySets, readReplaySet, readResults, type Queryable, type ReplaySetProgressRow } from '@lumina/db';
import type { AppEnv, RouteDeps } from '../app-env.js';
import { ReplayApiError } from '../errors.js';
import { summaryOf } from '../run/summary.js';
import { errorResponses, notFoundResponse } from '../schemas/error.js';
import { DiffSchema, ReplaySetListSchema, ReplaySetSchema } from '../schemas/replay-set.js';
import { ListQuerySchema, ReplayIdParam } from '../schemas/requests.js';
import { emptySummary, toApiReplaySet, toApiResult } from '../serialize.js';

const listRoute = createRoute({
  method: 'get',
  path: '/replay',
  summary: 'Every replay set of the project, newest first',
  request: { query: ListQuerySchema },
  responses: { 200: { description: 'the sets', content: { 'application/json': { schema: ReplaySetListSchema } } }, ...errorResponses },
});

const getRoute = createRoute({
  method: 'get',
  path: '/replay/{id}',
  summary: 'One replay set: status, progress of its latest run, mode and summary',
  request: { params: ReplayIdParam },
  responses: {
    200: { description: 'the set', content: { 'application/json': { schema: ReplaySetSchema } } },
    ...notFoundResponse,
    ...errorResponses,
  },
});

const diffRoute = createRoute({
  method: 'get',
  path: '/replay/{id}/diff',
  summary: 'Every call of the set, original beside replay; regressions first (worst first), then failures, then the rest in set order',
  request: { params: ReplayIdParam },
  responses: {
    200: { description: 'the results', content: { 'application/json': { schema: DiffSchema } } },
    ...notFoundResponse,
    ...errorResponses,
  },
});

const DEFAULT_LIST_LIMIT = 100;

/** A set as the API shows it: the stored summary of a finished run, else the summary so far from its results. */
export async function replaySetBody(db: Queryable, row: ReplaySetProgressRow, threshold: number) {
  if (row.run_count === 0) return toApiReplaySet(row, emptySummary(threshold));
  if (row.status !== 'running' && row.summary !== null) return toApiReplaySet(row, row.summary as ReturnType<typeof emptySummary>);
  return toApiReplaySet(row, summaryOf(await readResults(db, row.project_id, row.replay_id), threshold));
}

export async function readReplaySetBody(db: Queryable, projectId: string, replayId: string, threshold: number) {
  const row = await readReplaySet(db, projectId, replayId);
  if (row === null) throw new ReplayApiError('not_found', `no replay set ${replayId}`);
  return replaySetBody(db, row, threshold);
}

export function registerSetRoutes(app: OpenAPIHono<AppEnv>, { db, config }: RouteDeps): void {
  const threshold = config.REPLAY_REGRESSION_THRESHOLD;

  app.openapi(listRoute, async (c) => {
    const { limit = DEFAULT_LIST_LIMIT } = c.req.valid('query');
    const rows = await listReplaySets(db, c.get('projectId'), limit);
    const data = await Promise.all(rows.map((row) => replaySetBody(db, row, threshold)));
    return c.json({ data }, 200);
  });

  app.openapi(getRoute, async (c) => {
    const { id } = c.req.valid('param');
    return c.json(await readReplaySetBody(db, c.get('projectId'), id, threshold), 200);
  });

  app.openapi(diffRoute, async (c) => {
    const { id } = c.req.valid('param');
    const projectId = c.get('projectId');
    if ((await readReplaySet(db, projectId, id)) === null) throw new ReplayApiError('not_found', `no replay set ${id}`);
    const rows = await readResults(db, projectId, id);
    const ordered = orderForReview(
      rows.map((row) => ({ row, semanticScore: row.status === 'completed' ? row.semantic_score : null })),
      { regressionThreshold: threshold },
    );
    return c.json({ replay_id: id, results: ordered.map(({ row }) => toApiResult(row, threshold)) }, 200);
  });
}

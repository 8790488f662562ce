import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { readReplaySet } from '@lumina/db';
import { errorText } from '@lumina/runtime';
import type { AppEnv, RouteDeps } from '../app-env.js';
import { startRun } from '../run/start-run.js';
import { conflictResponse, errorResponses, notFoundResponse, unsupportedMediaResponse } from '../schemas/error.js';
import { ReplaySetSchema } from '../schemas/replay-set.js';
import { RunBodySchema, RunQuerySchema } from '../schemas/requests.js';
import { readReplaySetBody } from './sets.js';

const route = createRoute({
  method: 'post',
  path: '/replay/run',
  summary: 'Run a replay set with overrides, in the background (202), or until done with ?wait=true (200)',
  description:
    'Live through the official OpenAI and Anthropic SDKs when every provider the run calls has a key, else simulation (no network). Calls run with bounded concurrency; failures are results, never a stuck run.',
  request: { query: RunQuerySchema, body: { content: { 'application/json': { schema: RunBodySchema } }, required: true } },
  responses: {
    200: { description: 'the finished run (?wait=true)', content: { 'application/json': { schema: ReplaySetSchema } } },
    202: { description: 'the run started (or, with ?wait=true, is still going after REPLAY_WAIT_TIMEOUT_MS)', content: { 'application/json': { schema: ReplaySetSchema } } },
    ...notFoundResponse,
    ...conflictResponse,
    ...unsupportedMediaResponse,
    ...errorResponses,
  },
});

const WAIT_POLL_MS = 100;

export function registerRunRoute(app: OpenAPIHono<AppEnv>, { db, config, clients, worker, logger, now }: RouteDeps): void {
  const threshold = config.REPLAY_REGRESSION_THRESHOLD;
  app.openapi(route, async (c) => {
    const body = c.req.valid('json');
    const { wait } = c.req.valid('query');
    const projectId = c.get('projectId');
    await startRun(db, projectId, body, clients, config);
    void worker.kick().catch((error: unknown) => logger.warn({ err: errorText(error) }, 'starting the run at once failed; the next poll starts it'));
    if (wait === 'true' || wait === '1') {
      // Any replica may finish the run: watch the set's status, not this replica's workers.
      const deadline = now() + config.REPLAY_WAIT_TIMEOUT_MS;
      while ((await readReplaySet(db, projectId, body.replay_id))?.status === 'running' && now() < deadline && !c.req.raw.signal.aborted) {
        await new Promise((resolve) => setTimeout(resolve, WAIT_POLL_MS));
      }
    }
    const set = await readReplaySetBody(db, projectId, body.replay_id, threshold);
    return c.json(set, set.status === 'running' || !(wait === 'true' || wait === '1') ? 202 : 200);
  });
}

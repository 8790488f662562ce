import { randomUUID } from 'node:crypto';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { REPLAYABLE_OPERATIONS } from '@lumina/core';
import { insertReplaySet } from '@lumina/db';
import type { AppEnv, RouteDeps } from '../app-env.js';
import { chooseTraces } from '../capture/choose-traces.js';
import { ReplayApiError } from '../errors.js';
import { errorResponses, unsupportedMediaResponse } from '../schemas/error.js';
import { CapturedSchema } from '../schemas/replay-set.js';
import { CaptureBodySchema } from '../schemas/requests.js';

const route = createRoute({
  method: 'post',
  path: '/replay/capture',
  summary: 'Capture traces into a replay set: by id, or by filters with reproducible sampling',
  description:
    'One result per LLM call of the captured traces, with the original call copied in. 400 trace_not_found when an id does not exist, nothing_to_replay when nothing matches.',
  request: { body: { content: { 'application/json': { schema: CaptureBodySchema } }, required: true } },
  responses: {
    201: { description: 'the new set', content: { 'application/json': { schema: CapturedSchema } } },
    ...unsupportedMediaResponse,
    ...errorResponses,
  },
});

export function registerCaptureRoute(app: OpenAPIHono<AppEnv>, { db, config, now }: RouteDeps): void {
  app.openapi(route, async (c) => {
    const body = c.req.valid('json');
    const projectId = c.get('projectId');
    const chosen = await chooseTraces(db, projectId, body, config, now());
    const set = await insertReplaySet(db, {
      projectId,
      replayId: randomUUID(),
      name: body.name,
      description: body.description ?? null,
      capture: chosen.capture,
      traceIds: chosen.traceIds,
      operations: REPLAYABLE_OPERATIONS,
    });
    if (set === null) throw new ReplayApiError('nothing_to_replay', 'the traces have no chat call to replay (embeddings and other operations are not replayed)');
    return c.json({ replay_id: set.replay_id, name: set.name, status: 'pending' as const, total_traces: set.total_traces, total_calls: set.total_calls }, 201);
  });
}

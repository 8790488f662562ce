import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { addFeedbackQuery, type FeedbackRow } from '@lumina/db';
import type { AppEnv, RouteDeps } from '../app-env.js';
import { QueryApiError } from '../errors.js';
import { hexIdParam } from '../params/values.js';
import { errorResponses, notFoundResponse } from '../schemas/error.js';
import { FeedbackSchema } from '../schemas/span.js';
import { toApiFeedback } from '../serialize.js';

const SpanKeyParams = z.object({
  trace_id: hexIdParam('trace_id', 32, '4bf92f3577b34da6a3ce929d0e0e4736'),
  span_id: hexIdParam('span_id', 16, '00f067aa0ba902b7'),
});

const FeedbackBody = z
  .strictObject({
    score: z.number({ error: 'must be a number from 0 to 1' }).min(0, 'must be a number from 0 to 1').max(1, 'must be a number from 0 to 1'),
    comment: z.string().max(10_000, 'must be at most 10000 characters').optional(),
    source: z.string().min(1).max(100, 'must be 1 to 100 characters').optional(),
  })
  .openapi('FeedbackInput');

/** Who gave feedback when the caller does not say. */
const DEFAULT_SOURCE = 'api';

const route = createRoute({
  method: 'post',
  path: '/api/spans/{trace_id}/{span_id}/feedback',
  summary: 'Records feedback (a score from 0 to 1) on a stored span; it is returned on the span and filterable',
  request: { params: SpanKeyParams, body: { content: { 'application/json': { schema: FeedbackBody } }, required: true } },
  responses: {
    201: { description: 'the stored feedback', content: { 'application/json': { schema: FeedbackSchema } } },
    ...notFoundResponse,
    ...errorResponses,
  },
});

export function registerFeedbackRoute(app: OpenAPIHono<AppEnv>, { db }: RouteDeps): void {
  app.openapi(route, async (c) => {
    const { trace_id: traceId, span_id: spanId } = c.req.valid('param');
    const body = c.req.valid('json');
    const [stored] = await db.rows<FeedbackRow>(
      addFeedbackQuery(c.get('projectId'), traceId, spanId, { score: body.score, comment: body.comment ?? null, source: body.source ?? DEFAULT_SOURCE }),
    );
    if (!stored) throw new QueryApiError('not_found', `no span ${spanId} in trace ${traceId}`);
    return c.json(toApiFeedback(stored), 201);
  });
}

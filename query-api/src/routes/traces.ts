import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv, RouteDeps } from '../app-env.js';
import { decodeCursor } from '../cursor.js';
import { QueryApiError } from '../errors.js';
import { toPage } from '../pages.js';
import { planSearch } from '../search.js';
import { DEFAULT_PAGE_SIZE, ListQuery } from '../params/list-params.js';
import { hexIdParam } from '../params/values.js';
import { errorResponses, notFoundResponse } from '../schemas/error.js';
import { TraceDetailSchema, TraceListSchema } from '../schemas/trace.js';
import { toApiSpan, toTraceSummary } from '../serialize.js';
import { readTrace, type TraceRow } from '@lumina/db';
import { traceListQuery } from '../sql/trace-queries.js';

const listRoute = createRoute({
  method: 'get',
  path: '/api/traces',
  summary: 'Trace summaries, newest first',
  description: 'Every filter is optional and they combine (AND). Keyset pagination: pass next_cursor as cursor.',
  request: { query: ListQuery },
  responses: {
    200: { description: 'a page of traces', content: { 'application/json': { schema: TraceListSchema } } },
    ...errorResponses,
  },
});

const TraceIdParam = z.object({ trace_id: hexIdParam('trace_id', 32, '4bf92f3577b34da6a3ce929d0e0e4736') });

const detailRoute = createRoute({
  method: 'get',
  path: '/api/traces/{trace_id}',
  summary: 'One trace with its spans in start order',
  request: { params: TraceIdParam },
  responses: {
    200: { description: 'the trace', content: { 'application/json': { schema: TraceDetailSchema } } },
    ...notFoundResponse,
    ...errorResponses,
  },
});

export function registerTraceRoutes(app: OpenAPIHono<AppEnv>, { db }: RouteDeps): void {
  app.openapi(listRoute, async (c) => {
    const { limit = DEFAULT_PAGE_SIZE, cursor, ...filters } = c.req.valid('query');
    const after = cursor === undefined ? null : decodeCursor('traces', cursor);
    const projectId = c.get('projectId');
    const search = await planSearch(db, projectId, filters, 'traces');
    const rows = await db.rows<TraceRow>(traceListQuery(projectId, filters, search, after, limit));
    const page = toPage(rows, limit, 'traces', (row) => ({ startUs: row.start_us, ids: [row.trace_id] }), toTraceSummary);
    return c.json(page, 200);
  });

  app.openapi(detailRoute, async (c) => {
    const { trace_id: traceId } = c.req.valid('param');
    const projectId = c.get('projectId');
    const trace = await readTrace(db, projectId, traceId);
    if (!trace) throw new QueryApiError('not_found', `no trace ${traceId}`);
    return c.json({ ...toTraceSummary(trace.summary), spans: trace.spans.map(toApiSpan) }, 200);
  });
}

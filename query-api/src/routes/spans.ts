import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv, RouteDeps } from '../app-env.js';
import { decodeCursor } from '../cursor.js';
import { toPage } from '../pages.js';
import { planSearch } from '../search.js';
import { DEFAULT_PAGE_SIZE, ListQuery } from '../params/list-params.js';
import { errorResponses } from '../schemas/error.js';
import { SpanListSchema } from '../schemas/span.js';
import { toApiSpan } from '../serialize.js';
import type { SpanRow } from '@lumina/db';
import { spanListQuery } from '../sql/span-queries.js';

const route = createRoute({
  method: 'get',
  path: '/api/spans',
  summary: 'Single spans, newest first, with the filters of /api/traces',
  request: { query: ListQuery },
  responses: {
    200: { description: 'a page of spans', content: { 'application/json': { schema: SpanListSchema } } },
    ...errorResponses,
  },
});

export function registerSpanRoutes(app: OpenAPIHono<AppEnv>, { db }: RouteDeps): void {
  app.openapi(route, async (c) => {
    const { limit = DEFAULT_PAGE_SIZE, cursor, ...filters } = c.req.valid('query');
    const after = cursor === undefined ? null : decodeCursor('spans', cursor);
    const projectId = c.get('projectId');
    const search = await planSearch(db, projectId, filters, 'spans');
    const rows = await db.rows<SpanRow>(spanListQuery(projectId, filters, search, after, limit));
    const page = toPage(rows, limit, 'spans', (row) => ({ startUs: row.start_us, ids: [row.span_id, row.trace_id] }), toApiSpan);
    return c.json(page, 200);
  });
}

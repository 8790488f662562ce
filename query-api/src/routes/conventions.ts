import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { conventionStatsQuery, type ConventionStatRow } from '@lumina/db';
import type { AppEnv, RouteDeps } from '../app-env.js';
import { invalidParameter } from '../errors.js';
import { DEFAULT_PAGE_SIZE } from '../params/list-params.js';
import { integerParam, textParam } from '../params/values.js';
import { ConventionListSchema, type ApiConventionScope } from '../schemas/conventions.js';
import { errorResponses } from '../schemas/error.js';

const ConventionsQuery = z.strictObject({
  scope: textParam('only this instrumentation scope name', 512).optional(),
  limit: integerParam('scopes per page (default 50)', 1, 500).optional(),
  cursor: textParam('next_cursor of the previous page', 2048).optional(),
});

const route = createRoute({
  method: 'get',
  path: '/api/conventions',
  summary:
    'The mapping report: per instrumentation scope and version, the LLM spans seen, which source key gave each normalized field, and the attribute keys no mapping read (unknown gen_ai.* keys flagged)',
  request: { query: ConventionsQuery },
  responses: {
    200: { description: 'scopes ordered by name and version', content: { 'application/json': { schema: ConventionListSchema } } },
    ...errorResponses,
  },
});

const encodeCursor = (scope: [string, string]) => Buffer.from(JSON.stringify({ k: 'conventions', s: scope })).toString('base64url');

function decodeCursor(cursor: string): [string, string] {
  try {
    const { k, s } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { k?: unknown; s?: unknown };
    if (k === 'conventions' && Array.isArray(s) && s.length === 2 && s.every((part) => typeof part === 'string')) return s as [string, string];
  } catch {
    // answered below
  }
  throw invalidParameter('cursor', 'not a cursor of this list; pass next_cursor unchanged');
}

/** Groups the rows (ordered by scope) into the report's scopes. */
function toScopes(rows: ConventionStatRow[]): ApiConventionScope[] {
  const scopes = new Map<string, ApiConventionScope>();
  for (const row of rows) {
    const key = `${row.scope_name}\u0000${row.scope_version}`;
    let scope = scopes.get(key);
    if (!scope) {
      scope = { scope_name: row.scope_name, scope_version: row.scope_version, span_count: 0, field_sources: [], unmapped_keys: [] };
      scopes.set(key, scope);
    }
    const count = Number(row.span_count);
    if (row.kind === 'spans') scope.span_count = count;
    else if (row.kind === 'field') scope.field_sources.push({ field: row.name, source: row.source, span_count: count });
    else {
      scope.unmapped_keys.push({
        key: row.name,
        span_count: count,
        flagged: row.flagged,
        example_trace_id: row.example_trace_id,
        example_span_id: row.example_span_id,
        last_seen: row.last_seen.toISOString(),
      });
    }
  }
  return [...scopes.values()];
}

export function registerConventionsRoute(app: OpenAPIHono<AppEnv>, { db }: RouteDeps): void {
  app.openapi(route, async (c) => {
    const query = c.req.valid('query');
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    const rows = await db.rows<ConventionStatRow>(conventionStatsQuery(c.get('projectId'), { limit: limit + 1, after, scope: query.scope }));
    const scopes = toScopes(rows);
    const hasMore = scopes.length > limit;
    const served = hasMore ? scopes.slice(0, limit) : scopes;
    const last = served.at(-1);
    return c.json(
      {
        data: served,
        pagination: { limit, next_cursor: hasMore && last ? encodeCursor([last.scope_name, last.scope_version]) : null, has_more: hasMore },
      },
      200,
    );
  });
}

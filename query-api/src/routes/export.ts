import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv, RouteDeps } from '../app-env.js';
import { otlpJsonLine } from '../export/otlp-json.js';
import { spanBatches } from '../export/span-batches.js';
import { enumParam, integerParam } from '../params/values.js';
import { checkRanges, spanFilterFields } from '../params/span-filters.js';
import { errorResponses } from '../schemas/error.js';
import { toApiSpan } from '../serialize.js';
import type { SpanRow } from '@lumina/db';

const BATCH_SIZE = 1_000;

const ExportQuery = z
  .strictObject({
    ...spanFilterFields,
    format: enumParam(['ndjson', 'otlp_json'] as const, 'ndjson: one Span (API.md) per line; otlp_json: one OTLP/JSON ExportTraceServiceRequest per line').optional(),
    limit: integerParam('at most this many spans (default: all)', 1, 100_000_000).optional(),
  })
  .superRefine(checkRanges);

const FORMATS = {
  ndjson: { contentType: 'application/x-ndjson', extension: 'ndjson', encode: (rows: SpanRow[]) => rows.map((row) => `${JSON.stringify(toApiSpan(row))}\n`).join('') },
  otlp_json: { contentType: 'application/x-ndjson', extension: 'otlp.jsonl', encode: otlpJsonLine },
} as const;

const route = createRoute({
  method: 'get',
  path: '/api/export',
  summary: 'Stream the matching spans, newest first, without loading them all',
  request: { query: ExportQuery },
  responses: {
    200: { description: 'a stream of lines', content: { 'application/x-ndjson': { schema: z.string() } } },
    ...errorResponses,
  },
});

export function registerExportRoute(app: OpenAPIHono<AppEnv>, { db, logger }: RouteDeps): void {
  app.openapi(route, async (c) => {
    const { format = 'ndjson', limit = Number.MAX_SAFE_INTEGER, ...filters } = c.req.valid('query');
    const { contentType, extension, encode } = FORMATS[format];
    const batches = spanBatches(db, c.get('projectId'), filters, BATCH_SIZE, limit);
    // The first batch is read before answering, so a failing database still gets a JSON error.
    const first = await batches.next();
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        if (first.done) controller.close();
        else controller.enqueue(encoder.encode(encode(first.value)));
      },
      async pull(controller) {
        try {
          const next = await batches.next();
          if (next.done) controller.close();
          else controller.enqueue(encoder.encode(encode(next.value)));
        } catch (error) {
          logger.error({ err: error }, 'export stream failed');
          controller.error(error);
        }
      },
      async cancel() {
        await batches.return(undefined);
      },
    });
    const response = c.body(body, 200, {
      'Content-Type': contentType,
      'Content-Disposition': `attachment; filename="lumina-spans.${extension}"`,
    });
    // zod-openapi types only JSON and text/plain answers; NDJSON streams are plain Responses.
    return response as never;
  });
}

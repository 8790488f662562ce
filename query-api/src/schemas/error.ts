import { z } from '@hono/zod-openapi';

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'invalid_parameter' }),
      message: z.string().openapi({ example: 'min_cost: must be a number ≥ 0' }),
      details: z.unknown().optional(),
    }),
  })
  .openapi('Error');

const errorContent = { 'application/json': { schema: ErrorSchema } };

/** The error responses every API route may give (API.md "Errors"). */
export const errorResponses = {
  400: { description: 'a parameter is invalid or unknown; the message names it', content: errorContent },
  500: { description: 'unexpected failure (logged; no details in the response)', content: errorContent },
  503: { description: 'Postgres is unavailable (database_unavailable) or the query timed out (query_timeout)', content: errorContent },
} as const;

export const notFoundResponse = { 404: { description: 'no such id', content: errorContent } } as const;

import { z } from '@hono/zod-openapi';

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'trace_not_found' }),
      message: z.string().openapi({ example: 'no trace 4bf92f3577b34da6a3ce929d0e0e4736 in this project' }),
      details: z.unknown().optional(),
    }),
  })
  .openapi('Error');

const errorContent = { 'application/json': { schema: ErrorSchema } };

/** The error responses every route may give (API.md "Errors"). */
export const errorResponses = {
  400: { description: 'a parameter or the body is invalid; the message names it', content: errorContent },
  500: { description: 'unexpected failure (logged; no details in the response)', content: errorContent },
  503: { description: 'Postgres is unavailable (database_unavailable) or too slow (query_timeout)', content: errorContent },
} as const;

export const notFoundResponse = { 404: { description: 'no replay set with this id in the project', content: errorContent } } as const;
export const unsupportedMediaResponse = { 415: { description: 'the body is not application/json', content: errorContent } } as const;
export const conflictResponse = { 409: { description: 'the set is being run (replay_running)', content: errorContent } } as const;

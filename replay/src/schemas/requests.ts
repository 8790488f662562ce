import { z } from '@hono/zod-openapi';

const TRACE_ID = z
  .string()
  .regex(/^[0-9a-fA-F]{32}$/, 'must be 32 hex characters')
  .transform((id) => id.toLowerCase());

const ISO_8601 = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;

/** An instant as ISO 8601 (UTC when no offset is given) or epoch milliseconds; null when unreadable. */
function parseInstant(raw: string | number): Date | null {
  if (typeof raw === 'number') return new Date(raw);
  const value = raw.trim();
  if (/^-?\d{1,16}$/.test(value)) return new Date(Number(value));
  if (!ISO_8601.test(value)) return null;
  const iso = value.replace(' ', 'T');
  const date = new Date(/T\d{2}:\d{2}/.test(iso) && !/(?:Z|[+-]\d{2}:?\d{2})$/i.test(iso) ? `${iso}Z` : iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

const Instant = z
  .union([z.string(), z.number()])
  .transform((raw, ctx) => {
    const date = parseInstant(raw);
    if (date === null) {
      ctx.addIssue({ code: 'custom', message: 'must be an ISO 8601 time (2026-01-10T12:00:00Z) or epoch milliseconds' });
      return z.NEVER;
    }
    return date;
  })
  .openapi({ type: 'string', example: '2026-01-10T12:00:00Z' });

export const CaptureFiltersSchema = z
  .strictObject({
    service: z.string().min(1).optional().openapi({ description: "the trace's (root span's) service" }),
    model: z.string().min(1).optional().openapi({ description: 'a model any LLM call of the trace used' }),
    from: Instant.optional(),
    to: Instant.optional(),
    time_range: z.string().optional().openapi({ description: 'the last … before `to` (default now): 30m, 24h, 7d', example: '24h' }),
    sample_size: z.number().int().min(1).optional().openapi({ description: 'draw this many of the matching traces, reproducibly' }),
    seed: z.union([z.string(), z.number()]).optional().openapi({ description: 'the sampling seed; the same filters, candidates and seed give the same sample (default "lumina")' }),
  })
  .openapi('CaptureFilters');

export const CaptureBodySchema = z
  .strictObject({
    name: z.string().trim().min(1).max(200),
    description: z.string().max(2000).optional(),
    trace_ids: z.array(TRACE_ID).min(1).optional(),
    filters: CaptureFiltersSchema.optional(),
  })
  .openapi('CaptureRequest');

export const RunBodySchema = z
  .strictObject({
    replay_id: z.string().min(1),
    model: z.string().min(1).optional(),
    provider: z.string().min(1).optional().openapi({ description: 'switch provider (openai, anthropic); needs `model`' }),
    system_prompt: z.string().optional().openapi({ description: "replaces the system prompt; '' removes it" }),
    prompt_template: z.string().optional().openapi({ description: 'the new user input; {{input}} stands for the original', example: 'Answer briefly: {{input}}' }),
    temperature: z.number().min(0).max(2).optional(),
    max_tokens: z.number().int().min(1).optional(),
    concurrency: z.number().int().min(1).optional(),
  })
  .openapi('RunRequest');

export const RunQuerySchema = z.strictObject({
  wait: z.enum(['true', 'false', '1', '0']).optional().openapi({ description: 'answer when the run is done (200) instead of at once (202)' }),
});

export const ReplayIdParam = z.object({
  id: z.string().min(1).openapi({ param: { name: 'id', in: 'path' }, example: '0b4a6b52-8f4e-4c1b-9a55-2f6de1c6a8b1' }),
});

export const ListQuerySchema = z.strictObject({
  limit: z
    .string()
    .regex(/^\d{1,4}$/, 'must be a whole number from 1 to 500')
    .transform(Number)
    .refine((n) => n >= 1 && n <= 500, 'must be a whole number from 1 to 500')
    .optional(),
});

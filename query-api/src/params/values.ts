import { z } from '@hono/zod-openapi';

/**
 * Query-string value parsers: every query value arrives as a string (or an array when
 * repeated); these turn them into typed values or an issue naming what was expected.
 */

const ISO_8601 = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;
const EPOCH_MS = /^-?\d{1,16}$/;
const DECIMAL = /^[+]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;

/** An instant as ISO 8601 (UTC when no offset is given) or epoch milliseconds. */
/** 9999-12-31T23:59:59.999Z */
const LAST_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

export function timeParam(description: string) {
  return z
    .string()
    .transform((raw, ctx) => {
      const value = raw.trim();
      const date = EPOCH_MS.test(value) ? new Date(Number(value)) : ISO_8601.test(value) ? new Date(withUtcDefault(value)) : undefined;
      if (date === undefined || Number.isNaN(date.getTime())) {
        ctx.addIssue({ code: 'custom', message: 'must be an ISO 8601 time (2026-01-10T12:00:00Z) or epoch milliseconds' });
        return z.NEVER;
      }
      // Ranges are computed from these (a day before `to`, buckets): far outside, the arithmetic leaves what a Date can hold.
      if (date.getTime() < 0 || date.getTime() > LAST_MS) {
        ctx.addIssue({ code: 'custom', message: 'must be between 1970-01-01 and 9999-12-31' });
        return z.NEVER;
      }
      return date;
    })
    .openapi({ type: 'string', description, example: '2026-01-10T12:00:00Z' });
}

function withUtcDefault(iso: string): string {
  if (!/[T ]/i.test(iso)) return iso; // date only: already UTC midnight
  return /(?:Z|[+-]\d{2}:?\d{2})$/i.test(iso) ? iso.replace(' ', 'T') : `${iso.replace(' ', 'T')}Z`;
}

/** A finite number ≥ 0. */
export function nonNegativeNumberParam(description: string) {
  return z
    .string()
    .transform((raw, ctx) => {
      const value = raw.trim();
      const number = DECIMAL.test(value) ? Number(value) : Number.NaN;
      if (!Number.isFinite(number)) {
        ctx.addIssue({ code: 'custom', message: 'must be a number ≥ 0' });
        return z.NEVER;
      }
      return number;
    })
    .openapi({ type: 'string', description, example: '0.01' });
}

/** A finite number in [0, 1] (scores). */
export function unitIntervalParam(description: string) {
  return z
    .string()
    .transform((raw, ctx) => {
      const value = raw.trim();
      const number = DECIMAL.test(value) ? Number(value) : Number.NaN;
      if (!Number.isFinite(number) || number > 1) {
        ctx.addIssue({ code: 'custom', message: 'must be a number from 0 to 1' });
        return z.NEVER;
      }
      return number;
    })
    .openapi({ type: 'string', description, example: '0.7' });
}

/** A whole number in [min, max]. */
export function integerParam(description: string, min: number, max: number) {
  return z
    .string()
    .transform((raw, ctx) => {
      const value = raw.trim();
      const number = /^\d{1,9}$/.test(value) ? Number(value) : Number.NaN;
      if (!(number >= min && number <= max)) {
        ctx.addIssue({ code: 'custom', message: `must be a whole number from ${min} to ${max}` });
        return z.NEVER;
      }
      return number;
    })
    .openapi({ type: 'string', description, example: String(min) });
}

/** A non-empty string given at most once. */
export function textParam(description: string, maxLength = 256) {
  return z
    .string({ error: 'give it once' })
    .min(1, 'must not be empty')
    .max(maxLength, `must be at most ${maxLength} characters`)
    .openapi({ description });
}

/** A string that may repeat (`?tag=a&tag=b`); always an array after parsing. */
export function repeatableTextParam(description: string) {
  return z
    .union([z.string(), z.array(z.string())])
    .transform((value, ctx) => {
      const values = Array.isArray(value) ? value : [value];
      if (values.some((item) => item.length === 0 || item.length > 256)) {
        ctx.addIssue({ code: 'custom', message: 'each value must be 1 to 256 characters' });
        return z.NEVER;
      }
      return [...new Set(values)];
    })
    .openapi({ description, example: 'env:prod' });
}

/** One of a fixed set of words. */
export function enumParam<const Values extends readonly [string, ...string[]]>(values: Values, description: string) {
  return z.enum(values, { error: `must be one of ${values.join(', ')}` }).openapi({ description });
}

/** A trace or span id in a path: `length` hex characters, either case, served lowercase. */
export function hexIdParam(name: string, length: number, example: string) {
  return z
    .string()
    .regex(new RegExp(`^[0-9a-fA-F]{${length}}$`), `must be ${length} hex characters`)
    .transform((id) => id.toLowerCase())
    .openapi({ param: { name, in: 'path' }, example });
}

import { z } from '@hono/zod-openapi';
import { checkRanges, spanFilterFields } from './span-filters.js';
import { integerParam, textParam } from './values.js';

/** Query of /api/traces and /api/spans: the filters plus keyset pagination. */
export const ListQuery = z
  .strictObject({
    ...spanFilterFields,
    limit: integerParam('page size (default 50)', 1, 500).optional(),
    cursor: textParam('next_cursor of the previous page', 1024).optional(),
  })
  .superRefine(checkRanges);

export type ListParams = z.output<typeof ListQuery>;

export const DEFAULT_PAGE_SIZE = 50;

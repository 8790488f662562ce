import { z } from '@hono/zod-openapi';
import { checkRanges } from './span-filters.js';
import { enumParam, integerParam, textParam, timeParam } from './values.js';

export const GROUP_BY_KEYS = ['service', 'model', 'provider', 'user_id', 'tag'] as const;
export type GroupByKey = (typeof GROUP_BY_KEYS)[number];
export const INTERVALS = ['minute', 'hour', 'day'] as const;
export type Interval = (typeof INTERVALS)[number];

/** Query of the /api/analytics/* endpoints. */
export const AnalyticsQuery = z
  .strictObject({
    from: timeParam('range start, inclusive (default: 24 h before `to`)').optional(),
    to: timeParam('range end, exclusive (default: now)').optional(),
    service: textParam('only spans of this service').optional(),
    model: textParam('only LLM calls of this model').optional(),
    provider: textParam('only LLM calls of this provider').optional(),
    group_by: enumParam(GROUP_BY_KEYS, 'breakdown key; without it the breakdown is empty').optional(),
    interval: enumParam(INTERVALS, 'trend bucket (UTC); default minute up to 6 h, hour up to 7 days, else day').optional(),
    breakdown_limit: integerParam('most breakdown entries returned (default 100)', 1, 1000).optional(),
  })
  .superRefine(checkRanges);

export type AnalyticsParams = z.output<typeof AnalyticsQuery>;

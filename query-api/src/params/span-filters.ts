import { z } from '@hono/zod-openapi';
import { enumParam, nonNegativeNumberParam, repeatableTextParam, textParam, timeParam, unitIntervalParam } from './values.js';

export const SPAN_STATUSES = ['ok', 'error', 'degraded'] as const;

/** At least one letter or digit: a search needs a word to look for. */
const HAS_WORD = /[\p{L}\p{N}]/u;

/** The filters of API.md shared by /api/traces, /api/spans and /api/export. */
export const spanFilterFields = {
  service: textParam('service name (on traces: the root span\'s service)').optional(),
  model: textParam('model (on traces: any LLM call of the trace)').optional(),
  provider: textParam('provider (on traces: any LLM call of the trace)').optional(),
  status: enumParam(SPAN_STATUSES, 'ok | error | degraded').optional(),
  tag: repeatableTextParam('tag; repeat for several, all must be present').optional(),
  user_id: textParam('user id').optional(),
  session_id: textParam('session id').optional(),
  from: timeParam('start time ≥ this (ISO 8601 or epoch ms)').optional(),
  to: timeParam('start time < this (ISO 8601 or epoch ms)').optional(),
  min_cost: nonNegativeNumberParam('cost ≥ this, USD').optional(),
  max_cost: nonNegativeNumberParam('cost ≤ this, USD').optional(),
  min_latency: nonNegativeNumberParam('latency (on traces: duration) ≥ this, ms').optional(),
  max_latency: nonNegativeNumberParam('latency (on traces: duration) ≤ this, ms').optional(),
  min_feedback: nonNegativeNumberParam('has feedback scored ≥ this (0–1; on traces: on any span)').optional(),
  max_feedback: nonNegativeNumberParam('has feedback scored ≤ this (0–1; on traces: on any span)').optional(),
  quality_min: unitIntervalParam('quality score ≥ this (0–1; on traces: the worst LLM call\'s score); unscored spans never match').optional(),
  quality_max: unitIntervalParam('quality score ≤ this (0–1; on traces: the worst LLM call\'s score); unscored spans never match').optional(),
  q: textParam('words in the prompt or response, matched as a phrase, case-insensitively', 500)
    .refine((value) => HAS_WORD.test(value), 'must contain a letter or digit')
    .optional(),
};

export interface SpanFilters {
  service?: string;
  model?: string;
  provider?: string;
  status?: (typeof SPAN_STATUSES)[number];
  tag?: string[];
  user_id?: string;
  session_id?: string;
  from?: Date;
  to?: Date;
  min_cost?: number;
  max_cost?: number;
  min_latency?: number;
  max_latency?: number;
  min_feedback?: number;
  max_feedback?: number;
  quality_min?: number;
  quality_max?: number;
  q?: string;
}

/** Cross-parameter rules: ranges must not be empty. The issue names the parameter to fix. */
export function checkRanges(
  filters: Pick<SpanFilters, 'from' | 'to' | 'min_cost' | 'max_cost' | 'min_latency' | 'max_latency' | 'min_feedback' | 'max_feedback' | 'quality_min' | 'quality_max'>,
  ctx: z.RefinementCtx,
): void {
  const pairs: Array<[keyof typeof filters, keyof typeof filters]> = [
    ['from', 'to'],
    ['min_cost', 'max_cost'],
    ['min_latency', 'max_latency'],
    ['min_feedback', 'max_feedback'],
    ['quality_min', 'quality_max'],
  ];
  for (const [low, high] of pairs) {
    const lowValue = filters[low];
    const highValue = filters[high];
    if (lowValue !== undefined && highValue !== undefined && Number(lowValue) > Number(highValue)) {
      ctx.addIssue({ code: 'custom', path: [low], message: `must not be after ${high}` });
    }
  }
}

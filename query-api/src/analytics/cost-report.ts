import type { CostReport } from '../schemas/analytics.js';
import { readBreakdown } from './breakdown.js';
import { readAggregates, sumAggregates } from '@lumina/db';
import { readTraceCount } from './read-raw.js';
import { filledTrend, type ReportInput } from './report-input.js';

/** Cost of the LLM calls in the window: totals, breakdown and trend (API.md). */
export async function costReport({ db, scope, window, groupBy, breakdownLimit }: ReportInput): Promise<CostReport> {
  const countsTracesOnTraces = scope.model !== undefined || scope.provider !== undefined;
  const [trend, breakdown, tracesWithModel] = await Promise.all([
    readAggregates(db, { scope, key: null, trendInterval: window.interval, withLatency: false }),
    readBreakdown(db, scope, groupBy, 'cost', breakdownLimit, false),
    countsTracesOnTraces ? readTraceCount(db, scope) : Promise.resolve(null),
  ]);
  const total = sumAggregates(trend);
  const traceCount = tracesWithModel ?? total.rootSpanCount;
  return {
    total_cost_usd: total.costUsd,
    trace_count: traceCount,
    llm_call_count: total.llmCallCount,
    avg_cost_per_trace: traceCount === 0 ? null : total.costUsd / traceCount,
    prompt_tokens: total.promptTokens,
    completion_tokens: total.completionTokens,
    breakdown: breakdown.map((group) => ({
      key: group.key,
      cost_usd: group.costUsd,
      llm_call_count: group.llmCallCount,
      prompt_tokens: group.promptTokens,
      completion_tokens: group.completionTokens,
    })),
    trend: filledTrend(window, trend).map(({ bucket, aggregate }) => ({
      bucket,
      cost_usd: aggregate?.costUsd ?? 0,
      llm_call_count: aggregate?.llmCallCount ?? 0,
    })),
  };
}

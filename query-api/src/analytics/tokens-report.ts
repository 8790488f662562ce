import type { TokensReport } from '../schemas/analytics.js';
import { readBreakdown } from './breakdown.js';
import { readAggregates, sumAggregates } from '@lumina/db';
import { filledTrend, type ReportInput } from './report-input.js';

function tokenSums(sums: { promptTokens: number; completionTokens: number; cachedPromptTokens: number; llmCallCount: number }) {
  return {
    prompt_tokens: sums.promptTokens,
    completion_tokens: sums.completionTokens,
    cached_prompt_tokens: sums.cachedPromptTokens,
    total_tokens: sums.promptTokens + sums.completionTokens,
    llm_call_count: sums.llmCallCount,
  };
}

const NO_TOKENS = { promptTokens: 0, completionTokens: 0, cachedPromptTokens: 0, llmCallCount: 0 };

/** Token usage of the LLM calls in the window: totals, breakdown and trend. */
export async function tokensReport({ db, scope, window, groupBy, breakdownLimit }: ReportInput): Promise<TokensReport> {
  const [trend, breakdown] = await Promise.all([
    readAggregates(db, { scope, key: null, trendInterval: window.interval, withLatency: false }),
    readBreakdown(db, scope, groupBy, 'tokens', breakdownLimit, false),
  ]);
  const total = sumAggregates(trend);
  const perCall = (tokens: number) => (total.llmCallCount === 0 ? null : tokens / total.llmCallCount);
  return {
    ...tokenSums(total),
    avg_prompt_tokens_per_call: perCall(total.promptTokens),
    avg_completion_tokens_per_call: perCall(total.completionTokens),
    breakdown: breakdown.map((group) => ({ key: group.key, ...tokenSums(group) })),
    trend: filledTrend(window, trend).map(({ bucket, aggregate }) => ({ bucket, ...tokenSums(aggregate ?? NO_TOKENS) })),
  };
}

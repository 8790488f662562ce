import type { Resolution } from './time-plan.js';

/** Which spans an analytics query counts. */
export interface AnalyticsScope {
  projectId: string;
  fromMs: number;
  toMs: number;
  service?: string;
  model?: string;
  provider?: string;
}

/** A rolled-up dimension a result can be grouped by. */
export type RollupKey = 'service' | 'model' | 'provider';

/** One group of an aggregate read: sums over the spans of one key and/or trend bucket. */
export interface Aggregate {
  /** the group's key; null for none (totals, trend) and for spans without one (no model) */
  key: string | null;
  /** start of the trend bucket, epoch ms; null outside trends */
  bucketMs: number | null;
  spanCount: number;
  rootSpanCount: number;
  llmCallCount: number;
  llmErrorCount: number;
  costUsd: number;
  promptTokens: number;
  completionTokens: number;
  cachedPromptTokens: number;
  latencySumMs: number;
  latencyMaxMs: number | null;
  /** sum and count of the quality scores of scored LLM calls (average: sum / count) */
  qualitySum: number;
  qualityCount: number;
  /** merged latency histogram of the LLM calls (latency reads only) */
  latencyBuckets?: number[];
  latencyCounts?: number[];
}

export interface AggregateRead {
  scope: AnalyticsScope;
  key: RollupKey | null;
  trendInterval: Resolution | null;
  withLatency: boolean;
}

/** Short names for the API shapes the pages use (generated types: query-api.ts, replay-api.ts; alerts: API.md). */
import type { components as Query } from './query-api';
import type { components as Replay } from './replay-api';

export type TraceSummary = Query['schemas']['TraceSummary'];
export type TraceList = Query['schemas']['TraceList'];
export type TraceDetail = Query['schemas']['TraceDetail'];
export type Span = Query['schemas']['Span'];
export type CostReport = Query['schemas']['CostReport'];
export type LatencyReport = Query['schemas']['LatencyReport'];
export type TokensReport = Query['schemas']['TokensReport'];
export type SpanList = Query['schemas']['SpanList'];
export type SpanEvent = Query['schemas']['SpanEvent'];
export type ToolCall = Query['schemas']['ToolCall'];
export type QualityReport = Query['schemas']['QualityReport'];

export type ReplaySet = Replay['schemas']['ReplaySet'];
export type ReplaySetList = Replay['schemas']['ReplaySetList'];
export type ReplayDiff = Replay['schemas']['ReplayDiff'];
export type ReplayResult = Replay['schemas']['ReplayResult'];
export type CaptureRequest = Replay['schemas']['CaptureRequest'];
export type CapturedReplaySet = Replay['schemas']['CapturedReplaySet'];
export type RunRequest = Replay['schemas']['RunRequest'];

/** Alerts (API.md "Alerts"); written by hand until the query API's /openapi.json describes them. */
export type AlertType = 'cost_spike' | 'quality_drop' | 'latency_spike' | 'budget' | 'error_rate' | 'dual_signal';
export const ALERT_TYPES: readonly AlertType[] = ['cost_spike', 'quality_drop', 'latency_spike', 'budget', 'error_rate', 'dual_signal'];

export interface AlertRuleInput {
  name: string;
  type: AlertType;
  service?: string;
  model?: string;
  tag?: string;
  user_id?: string;
  threshold: number;
  window: string;
  min_samples?: number;
  /** quality_drop and dual_signal: alert when the average quality score is under this (0–1) */
  quality_floor?: number | null;
  /** dual_signal: the fraction of quality decrease that counts (0–1) */
  quality_threshold?: number | null;
  webhook_url?: string;
  slack_webhook_url?: string;
  enabled: boolean;
}

export interface AlertRule extends AlertRuleInput {
  rule_id: string;
  muted_until?: string | null;
}

export interface Alert {
  alert_id: string;
  rule_id: string;
  type: AlertType;
  service: string | null;
  model: string | null;
  status: 'firing' | 'resolved';
  baseline: number | null;
  current: number | null;
  change_pct: number | null;
  threshold: number;
  window: string;
  trace_ids: string[];
  fired_at: string;
  resolved_at: string | null;
  message: string;
  acknowledged_at?: string | null;
}

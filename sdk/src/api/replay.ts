/** The replay API (`POST /replay/capture`, `POST /replay/run`, `GET /replay/{id}`, `…/diff`). */
import { requestJson, type ApiTarget } from './http-json.js';

/** Which traces a replay set captures: given ids, or the ones matching filters. */
export interface CreateReplaySetOptions {
  name: string;
  description?: string;
  traceIds?: readonly string[];
  filters?: {
    service?: string;
    model?: string;
    /** ISO 8601 or epoch ms */
    from?: string | number;
    to?: string | number;
    /** e.g. `24h` */
    timeRange?: string;
    sampleSize?: number;
  };
}

/** A replay set as `POST /replay/capture` answers it. */
export interface CapturedReplaySet {
  replay_id: string;
  name: string;
  status: 'pending';
  total_traces: number;
}

/** How to re-run a replay set; every field but `replayId` overrides the original call. */
export interface ReplayTracesOptions {
  replayId: string;
  model?: string;
  provider?: string;
  systemPrompt?: string;
  promptTemplate?: string;
  temperature?: number;
  maxTokens?: number;
  concurrency?: number;
  /** answer when the run is done (`?wait=true`) instead of when it started */
  wait?: boolean;
}

/** A replay set's state, as `GET /replay/{id}` and `POST /replay/run` answer it. */
export interface ReplaySet {
  replay_id: string;
  name: string;
  status: 'pending' | 'running' | 'completed' | 'failed';
  total_traces: number;
  completed_traces: number;
  mode?: 'live' | 'simulation';
  summary?: {
    avg_hash_similarity: number | null;
    avg_semantic_score: number | null;
    original_cost_usd: number | null;
    replay_cost_usd: number | null;
    cost_delta_pct: number | null;
    original_avg_latency_ms: number | null;
    replay_avg_latency_ms: number | null;
    latency_delta_pct: number | null;
    regressions: number | null;
  };
}

/** One compared call, as `GET /replay/{id}/diff` lists them. */
export interface ReplayDiffResult {
  trace_id: string;
  span_id: string;
  original_model: string | null;
  replay_model: string | null;
  original_prompt: string | null;
  replay_prompt: string | null;
  original_response: string | null;
  replay_response: string | null;
  original_cost_usd: number | null;
  replay_cost_usd: number | null;
  original_latency_ms: number | null;
  replay_latency_ms: number | null;
  hash_similarity: number | null;
  semantic_score: number | null;
  diff_summary: string | null;
}

/** Drops undefined fields so the API sees only what was given. */
function defined(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
}

/** `POST /replay/capture` with the options in the API's snake_case. */
export function captureReplaySet(target: ApiTarget, options: CreateReplaySetOptions): Promise<CapturedReplaySet> {
  const filters = options.filters;
  const body = defined({
    name: options.name,
    description: options.description,
    trace_ids: options.traceIds,
    filters:
      filters &&
      defined({ service: filters.service, model: filters.model, from: filters.from, to: filters.to, time_range: filters.timeRange, sample_size: filters.sampleSize }),
  });
  return requestJson(target, 'POST', '/replay/capture', body);
}

/** `POST /replay/run` (with `?wait=true` when asked). */
export function runReplay(target: ApiTarget, options: ReplayTracesOptions): Promise<ReplaySet> {
  const body = defined({
    replay_id: options.replayId,
    model: options.model,
    provider: options.provider,
    system_prompt: options.systemPrompt,
    prompt_template: options.promptTemplate,
    temperature: options.temperature,
    max_tokens: options.maxTokens,
    concurrency: options.concurrency,
  });
  return requestJson(target, 'POST', `/replay/run${options.wait ? '?wait=true' : ''}`, body);
}

/** `GET /replay/{id}`. */
export function getReplaySet(target: ApiTarget, replayId: string): Promise<ReplaySet> {
  return requestJson(target, 'GET', `/replay/${encodeURIComponent(replayId)}`);
}

/** `GET /replay/{id}/diff`. */
export function getReplayDiff(target: ApiTarget, replayId: string): Promise<{ results: ReplayDiffResult[] }> {
  return requestJson(target, 'GET', `/replay/${encodeURIComponent(replayId)}/diff`);
}

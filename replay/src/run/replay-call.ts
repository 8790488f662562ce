/**
 * One result of a run: the stored call rebuilt, overridden, sent (or simulated), priced,
 * compared with the original, and judged when the local score is borderline.
 */
import {
  applyOverrides,
  compareCalls,
  lastUserInput,
  rebuildRequest,
  renderRequestPrompt,
  ReplayError,
  simulateResponse,
  type LlmRequest,
  type Pricer,
  type ProviderReply,
  type ReplayOverrides,
} from '@lumina/core';
import type { ReplayOutcomeColumns, ReplayResultRow } from '@lumina/db';
import type { ProviderClients } from '../execute/provider-clients.js';
import type { RetryPolicy } from '../execute/retry.js';
import { withRetries } from '../execute/retry.js';
import { prepareCall } from '../execute/send-request.js';
import type { Judge } from '../judge/judge.js';

/** What every call of a run shares. */
export interface RunContext {
  replayId: string;
  mode: 'live' | 'simulation';
  overrides: ReplayOverrides;
  /** prices are looked up at this time (the run's start) */
  startedAt: Date;
}

export interface CallDeps {
  clients: ProviderClients;
  judge: Judge | null;
  pricer: Pricer;
  retry: RetryPolicy;
  timeoutMs: number;
}

/** A finished call (completed or failed), or one cut short by a stopping replica (aborted: back to the queue). */
export type CallOutcome = { status: 'completed' | 'failed'; outcome: Partial<ReplayOutcomeColumns> } | { status: 'aborted' };

/** The replayed answer in one shape, live or simulated. */
interface Replayed {
  reply: ProviderReply;
  provider: string | null;
  latencyMs: number;
  costUsd: number | null;
  simulated: boolean;
  retries: number;
  dropped: string[];
}

function failed(code: string, message: string, partial: Partial<ReplayOutcomeColumns> = {}): CallOutcome {
  return { status: 'failed', outcome: { ...partial, error_code: code, error_message: message } };
}

function simulate(row: ReplayResultRow, run: RunContext, deps: CallDeps): Replayed {
  const source = {
    provider: row.original_provider,
    model: row.original_model,
    response: row.original_response,
    systemPrompt: row.original_system_prompt,
    promptTokens: row.original_prompt_tokens,
    completionTokens: row.original_completion_tokens,
    cachedPromptTokens: row.original_cached_prompt_tokens,
    latencyMs: row.original_latency_ms ?? 0,
    finishReason: row.original_finish_reason,
  };
  const reply = simulateResponse(source, run.overrides, `${run.replayId}:${row.span_id}`, { pricer: deps.pricer, at: run.startedAt });
  return { reply, provider: reply.provider, latencyMs: reply.latencyMs, costUsd: reply.costUsd, simulated: true, retries: 0, dropped: [] };
}

async function callLive(request: LlmRequest, row: ReplayResultRow, run: RunContext, deps: CallDeps, signal: AbortSignal): Promise<Replayed | CallOutcome> {
  const prepared = prepareCall(deps.clients, request, deps.timeoutMs);
  if (prepared === null) {
    return failed('unsupported_provider', `no live client for provider "${request.provider}" (supported: openai, anthropic, each with its API key)`);
  }
  const attempted = await withRetries((() => prepared.attempt(signal)), deps.retry, `${run.replayId}:${row.span_id}`, signal);
  if (!attempted.ok) {
    if (attempted.failure.code === 'aborted') return { status: 'aborted' };
    return failed(attempted.failure.code, attempted.failure.message, { retries: attempted.retries, dropped_parameters: prepared.dropped });
  }
  const reply = attempted.value;
  const costUsd = deps.pricer.spanCostUsd({
    provider: request.provider,
    model: reply.model ?? request.model,
    promptTokens: reply.usage.promptTokens,
    completionTokens: reply.usage.completionTokens,
    cachedPromptTokens: reply.usage.cachedPromptTokens,
    cacheWritePromptTokens: reply.usage.cacheWritePromptTokens,
    at: run.startedAt,
  });
  return { reply, provider: request.provider, latencyMs: attempted.latencyMs, costUsd, simulated: false, retries: attempted.retries, dropped: prepared.dropped };
}

/** The request a result replays: the original rebuilt, with the run's overrides. */
function replayRequest(row: ReplayResultRow, overrides: ReplayOverrides): { original: LlmRequest; request: LlmRequest; warnings: string[] } {
  const rebuilt = rebuildRequest({
    provider: row.original_provider,
    model: row.original_model,
    prompt: row.original_prompt,
    systemPrompt: row.original_system_prompt,
    attributes: row.original_attributes as Parameters<typeof rebuildRequest>[0]['attributes'],
  });
  return { original: rebuilt.request, request: applyOverrides(rebuilt.request, overrides), warnings: rebuilt.warnings };
}

/** Replays one stored call. Never throws for a provider's or the call's own problem: those are failed outcomes. */
export async function replayCall(row: ReplayResultRow, run: RunContext, deps: CallDeps, signal: AbortSignal): Promise<CallOutcome> {
  let built: ReturnType<typeof replayRequest>;
  try {
    built = replayRequest(row, run.overrides);
  } catch (error) {
    if (error instanceof ReplayError) return failed(error.code, error.message);
    throw error;
  }
  const { original, request, warnings } = built;
  const sent: Partial<ReplayOutcomeColumns> = {
    replay_provider: request.provider || null,
    replay_model: request.model || null,
    replay_prompt: renderRequestPrompt(request),
    replay_system_prompt: request.system,
    warnings,
  };
  const replayed = run.mode === 'simulation' ? simulate(row, run, deps) : await callLive(request, row, run, deps, signal);
  if ('status' in replayed) return replayed.status === 'failed' ? { status: 'failed', outcome: { ...sent, ...replayed.outcome } } : replayed;

  const { reply } = replayed;
  const comparison = compareCalls(
    { response: row.original_response, costUsd: row.original_cost_usd, latencyMs: row.original_latency_ms, promptTokens: row.original_prompt_tokens, completionTokens: row.original_completion_tokens },
    { response: reply.text, costUsd: replayed.costUsd, latencyMs: replayed.latencyMs, promptTokens: reply.usage.promptTokens, completionTokens: reply.usage.completionTokens },
  );
  const outcome: Partial<ReplayOutcomeColumns> = {
    ...sent,
    replay_provider: replayed.provider,
    replay_model: reply.model ?? request.model,
    replay_response: reply.text,
    replay_finish_reason: reply.finishReason,
    replay_latency_ms: replayed.latencyMs,
    replay_prompt_tokens: reply.usage.promptTokens,
    replay_completion_tokens: reply.usage.completionTokens,
    replay_cached_prompt_tokens: reply.usage.cachedPromptTokens,
    replay_cost_usd: replayed.costUsd,
    simulated: replayed.simulated,
    retries: replayed.retries,
    dropped_parameters: replayed.dropped,
    hash_similarity: comparison.hashSimilarity,
    local_semantic_score: comparison.semanticScore,
    semantic_score: comparison.semanticScore,
    semantic_tier: 'local',
    diff_summary: comparison.diffSummary.text,
    diff: { ...comparison.diffSummary, cost: comparison.cost, latency: comparison.latency, prompt_tokens: comparison.promptTokens, completion_tokens: comparison.completionTokens },
  };
  if (comparison.needsJudge && deps.judge) {
    const verdict = await deps.judge.judge({ original: row.original_response ?? '', replay: reply.text, question: lastUserInput(original) }, signal);
    if (verdict.ok) Object.assign(outcome, { semantic_score: verdict.verdict.score, semantic_tier: 'judge', judge_reason: verdict.verdict.reason, judge_cached: verdict.cached });
    else outcome.judge_error = verdict.error;
  }
  return { status: 'completed', outcome };
}

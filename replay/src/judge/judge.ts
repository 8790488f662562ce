/**
 * Tier two of the semantic score: an LLM judge, asked only about borderline pairs (core's
 * needsJudge), its verdicts cached in Redis by core's judgeCacheKey.
 */
import { buildJudgePrompt, judgeCacheKey, parseJudgeReply, type JudgeInput, type JudgeVerdict, type LlmRequest } from '@lumina/core';
import { prepareCall } from '../execute/send-request.js';
import type { ProviderClients } from '../execute/provider-clients.js';
import { type RetryPolicy, withRetries } from '../execute/retry.js';
import type { JudgeCache } from './judge-cache.js';

export type JudgeResult = { ok: true; verdict: JudgeVerdict; cached: boolean } | { ok: false; error: string };

export interface Judge {
  model: string;
  judge(input: JudgeInput, signal: AbortSignal): Promise<JudgeResult>;
}

export interface JudgeOptions {
  provider: 'anthropic' | 'openai';
  model: string;
  timeoutMs: number;
  retry: RetryPolicy;
  /** counts calls made and cache hits (metrics) */
  onCall?: (kind: 'call' | 'cache_hit' | 'failure') => void;
}

/** Room for the one-line JSON verdict. */
const JUDGE_MAX_TOKENS = 300;

/** A judge on the configured provider, or null when that provider has no key. */
export function createJudge(clients: ProviderClients, cache: JudgeCache, options: JudgeOptions): Judge | null {
  if ((options.provider === 'anthropic' ? clients.anthropic : clients.openai) === null) return null;
  // Pairs judged right now, so that concurrent calls with the same pair ask once.
  const inFlight = new Map<string, Promise<JudgeResult>>();

  async function ask(input: JudgeInput, key: string, signal: AbortSignal): Promise<JudgeResult> {
    const cachedVerdict = await cache.get(key);
    if (cachedVerdict) {
      options.onCall?.('cache_hit');
      return { ok: true, verdict: cachedVerdict, cached: true };
    }
    const prompt = buildJudgePrompt(input);
    const request: LlmRequest = {
      provider: options.provider,
      model: options.model,
      system: prompt.system,
      messages: [{ role: 'user', content: prompt.user }],
      maxTokens: JUDGE_MAX_TOKENS,
    };
    const call = prepareCall(clients, request, options.timeoutMs);
    if (call === null) return { ok: false, error: `the judge provider ${options.provider} has no key` };
    options.onCall?.('call');
    const attempted = await withRetries(() => call.attempt(signal), options.retry, key, signal);
    if (!attempted.ok) {
      options.onCall?.('failure');
      return { ok: false, error: `${attempted.failure.code}: ${attempted.failure.message}` };
    }
    const reply = parseJudgeReply(attempted.value.text);
    if (!reply.ok) {
      options.onCall?.('failure');
      return { ok: false, error: `${reply.error.code}: ${reply.error.message}` };
    }
    await cache.set(key, reply.verdict);
    return { ok: true, verdict: reply.verdict, cached: false };
  }

  return {
    model: options.model,
    judge(input, signal) {
      const key = judgeCacheKey(input, options.model);
      const running = inFlight.get(key);
      if (running) return running.then((result) => (result.ok ? { ...result, cached: true } : result));
      const asked = ask(input, key, signal).finally(() => inFlight.delete(key));
      inFlight.set(key, asked);
      return asked;
    },
  };
}

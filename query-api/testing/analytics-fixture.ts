import { spanId, traceId } from './ids.js';
import type { SeedSpan } from './seed.js';

/**
 * Three days of traffic for analytics tests: traces with a root span and 1–3 LLM calls of
 * four models from two providers, log-normal latencies, users (some missing), tags, errors.
 * Deterministic: the same spans on every run.
 */
export const DAY_MS = 86_400_000;
export const A0 = Date.parse('2026-03-01T00:00:00Z');

export const SERVICES = ['checkout', 'search', 'support-bot'];
export const MODELS = [
  { model: 'gpt-4o', provider: 'openai', medianMs: 1200 },
  { model: 'gpt-4o-mini', provider: 'openai', medianMs: 500 },
  { model: 'claude-sonnet-4', provider: 'anthropic', medianMs: 1800 },
  { model: 'claude-haiku-3.5', provider: 'anthropic', medianMs: 400 },
];
const TAGS = ['env:prod', 'env:staging', 'feature:chat', 'tier:pro'];

function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function analyticsSpans(traces: number, seed = 11, fromMs = A0, rangeMs = 3 * DAY_MS, salt = 1): SeedSpan[] {
  const random = seededRandom(seed);
  const spans: SeedSpan[] = [];
  for (let n = 0; n < traces; n += 1) {
    const service = SERVICES[Math.floor(random() * SERVICES.length)] as string;
    // µs-precise start times, some exactly on minute/hour/day edges
    const startMs = random() < 0.05 ? fromMs + Math.floor(random() * (rangeMs / 60_000)) * 60_000 : fromMs + Math.floor(random() * rangeMs * 1000) / 1000;
    const userId = random() < 0.8 ? `user-${Math.floor(random() * 12)}` : null;
    const tags = TAGS.filter(() => random() < 0.35);
    const id = traceId(n, salt);
    const calls = 1 + Math.floor(random() * 3);
    spans.push({ trace_id: id, span_id: spanId(0, salt), service_name: service, start_ms: startMs, latency_ms: 5 + random() * 50, status: random() < 0.05 ? 'error' : 'ok', user_id: userId, tags });
    for (let call = 1; call <= calls; call += 1) {
      const spec = MODELS[Math.floor(random() * MODELS.length)] as (typeof MODELS)[number];
      const gaussian = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
      const latencyMs = Math.round(spec.medianMs * Math.exp(0.7 * gaussian) * 1000) / 1000;
      const promptTokens = 10 + Math.floor(random() * 3000);
      const completionTokens = 1 + Math.floor(random() * 900);
      spans.push({
        trace_id: id,
        span_id: spanId(call, salt),
        parent_span_id: spanId(0, salt),
        service_name: service,
        start_ms: startMs + call * 0.25,
        latency_ms: latencyMs,
        status: random() < 0.04 ? 'error' : 'ok',
        model: spec.model,
        provider: spec.provider,
        prompt_tokens: promptTokens,
        completion_tokens: completionTokens,
        cached_prompt_tokens: random() < 0.3 ? Math.floor(promptTokens / 3) : 0,
        cost_usd: (promptTokens * 2 + completionTokens * 8) / 1_000_000,
        user_id: userId,
        tags,
      });
    }
    if (random() < 0.3) spans.push({ trace_id: id, span_id: spanId(9, salt), parent_span_id: spanId(0, salt), service_name: service, start_ms: startMs + 0.1, latency_ms: 2, user_id: userId, tags });
  }
  return spans;
}

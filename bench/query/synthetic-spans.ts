import type { SpanRecord } from '@lumina/core';

/**
 * Deterministic synthetic traces for the benches: an HTTP root span, an internal step and
 * LLM calls with prose-like prompts (Zipf-distributed words, so text indexes see realistic
 * vocabularies), as the span records the processors store (db's span writer takes them).
 */

export interface SyntheticOptions {
  seed: number;
  /** first trace start, unix ms */
  fromMs: number;
  /** last trace start, unix ms */
  toMs: number;
  /** prompt length in bytes, drawn uniformly from this range */
  promptBytes: [number, number];
}

export const SERVICES = ['checkout', 'support-bot', 'search', 'recommendations', 'summarizer', 'agent-runner', 'billing', 'onboarding'];
export const MODELS: Array<{ provider: string; model: string; promptUsdPerToken: number; completionUsdPerToken: number; medianMs: number }> = [
  { provider: 'openai', model: 'gpt-4o', promptUsdPerToken: 2.5e-6, completionUsdPerToken: 1e-5, medianMs: 1400 },
  { provider: 'openai', model: 'gpt-4o-mini', promptUsdPerToken: 1.5e-7, completionUsdPerToken: 6e-7, medianMs: 700 },
  { provider: 'anthropic', model: 'claude-sonnet-4', promptUsdPerToken: 3e-6, completionUsdPerToken: 1.5e-5, medianMs: 1800 },
  { provider: 'anthropic', model: 'claude-haiku-3.5', promptUsdPerToken: 8e-7, completionUsdPerToken: 4e-6, medianMs: 600 },
  { provider: 'google', model: 'gemini-2.0-flash', promptUsdPerToken: 1e-7, completionUsdPerToken: 4e-7, medianMs: 500 },
  { provider: 'google', model: 'gemini-1.5-pro', promptUsdPerToken: 1.25e-6, completionUsdPerToken: 5e-6, medianMs: 2200 },
];
export const TAGS = ['env:prod', 'env:staging', 'feature:chat', 'feature:search', 'tier:free', 'tier:pro'];

/** A seeded PRNG (mulberry32). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYLLABLES = ['ka', 'lo', 'mi', 'ne', 'ra', 'to', 'su', 'vi', 'de', 'po', 'an', 'er', 'in', 'or', 'us', 'el', 'qu', 'st', 'br', 'th'];

/** The bench's words, most frequent first (prompts draw rank r with probability ~1/r). */
export function vocabularyOf(seed: number, size = 4000): string[] {
  return vocabulary(seededRandom(seed + 1), size);
}

function vocabulary(random: () => number, size: number): string[] {
  const words = new Set<string>(['refund', 'invoice', 'password', 'shipping', 'cancel', 'subscription', 'error', 'summary']);
  while (words.size < size) {
    const length = 1 + Math.floor(random() * 4);
    let word = '';
    for (let i = 0; i < length; i += 1) word += SYLLABLES[Math.floor(random() * SYLLABLES.length)];
    words.add(word);
  }
  return [...words];
}

/** µs since the epoch as OTLP nanoseconds. */
const micros = (us: number) => BigInt(us) * 1000n;

function hex(random: () => number, chars: number): string {
  let out = '';
  while (out.length < chars) out += Math.floor(random() * 0x100000000).toString(16).padStart(8, '0');
  return out.slice(0, chars);
}

function logNormal(random: () => number, median: number, sigma: number): number {
  const gaussian = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return median * Math.exp(sigma * gaussian);
}

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

/** Yields traces (arrays of span records) forever; start times spread uniformly over the range. */
export function* syntheticTraces(options: SyntheticOptions): Generator<SpanRecord[]> {
  const random = seededRandom(options.seed);
  const words = vocabularyOf(options.seed);
  // Zipf-like: word rank drawn as floor(n^u) so frequent words dominate like prose.
  const word = () => words[Math.min(words.length - 1, Math.floor(Math.pow(words.length, random())) - 1)] as string;
  const text = (bytes: number) => {
    const parts: string[] = [];
    let length = 0;
    while (length < bytes) {
      const next = word();
      parts.push(next);
      length += next.length + 1;
    }
    return parts.join(' ');
  };
  const [minBytes, maxBytes] = options.promptBytes;
  for (;;) {
    const service = pick(random, SERVICES);
    const traceId = hex(random, 32);
    const startMs = options.fromMs + random() * (options.toMs - options.fromMs);
    const startUs = Math.floor(startMs * 1000);
    const userId = `user-${Math.floor(Math.pow(5000, random()))}`;
    const sessionId = `session-${hex(random, 12)}`;
    const tags = TAGS.filter(() => random() < 0.3);
    const calls = 1 + Math.floor(random() * 3);
    const rootId = hex(random, 16);
    const stepId = hex(random, 16);
    const spans: SpanRecord[] = [];
    let cursorUs = startUs + 200 + Math.floor(random() * 2000);
    const traceFailed = random() < 0.03;
    for (let call = 0; call < calls; call += 1) {
      const spec = pick(random, MODELS.slice(0, 4 + (SERVICES.indexOf(service) % 3)));
      const latencyMs = Math.max(1, Math.round(logNormal(random, spec.medianMs, 0.6) * 1000) / 1000);
      const promptTokens = 50 + Math.floor(random() * 2000);
      const completionTokens = 10 + Math.floor(random() * 800);
      const failed = traceFailed && call === calls - 1;
      const promptBytes = minBytes + Math.floor(random() * (maxBytes - minBytes + 1));
      spans.push({
        projectId: 'default', traceId, spanId: hex(random, 16), parentSpanId: stepId,
        name: `chat ${spec.model}`, kind: 'client', serviceName: service,
        startTimeUnixNano: micros(cursorUs), endTimeUnixNano: micros(cursorUs + Math.round(latencyMs * 1000)), latencyMs,
        status: failed ? 'error' : random() < 0.01 ? 'degraded' : 'ok', statusMessage: failed ? 'rate limited' : null,
        isLlm: true, provider: spec.provider, model: spec.model, operation: 'chat',
        promptTokens, completionTokens,
        cachedPromptTokens: random() < 0.2 ? Math.floor(promptTokens / 2) : 0,
        costUsd: promptTokens * spec.promptUsdPerToken + completionTokens * spec.completionUsdPerToken,
        prompt: text(promptBytes), response: text(Math.max(20, Math.floor(promptBytes / 2))),
        systemPrompt: 'You are a helpful assistant.', finishReason: failed ? null : 'stop',
        userId, sessionId, tags,
        attributes: { 'gen_ai.request.model': spec.model, 'gen_ai.system': spec.provider },
        resource: { 'service.name': service },
        redactions: null, fieldSources: null, wrapperKind: null, priceSource: null, priceVersion: null,
        qualityScore: failed ? 0 : 0.6 + random() * 0.4, qualitySignals: null,
      });
      cursorUs += Math.round(latencyMs * 1000) + 100;
    }
    const endUs = cursorUs + 500;
    const base = {
      projectId: 'default', traceId, serviceName: service,
      statusMessage: null, isLlm: false, provider: null, model: null, operation: null,
      promptTokens: null, completionTokens: null, cachedPromptTokens: null, costUsd: null,
      prompt: null, response: null, systemPrompt: null, finishReason: null,
      userId, sessionId, tags, resource: { 'service.name': service }, redactions: null, fieldSources: null, wrapperKind: null, priceSource: null, priceVersion: null,
      qualityScore: null, qualitySignals: null,
    } as const;
    const span = (spanId: string, parentSpanId: string | null, name: string, kind: SpanRecord['kind'], fromUs: number, toUs: number, status: SpanRecord['status'], attributes: SpanRecord['attributes']): SpanRecord => ({
      ...base, tags, spanId, parentSpanId, name, kind, startTimeUnixNano: micros(fromUs), endTimeUnixNano: micros(toUs), latencyMs: (toUs - fromUs) / 1000, status, attributes,
    });
    spans.unshift(
      span(rootId, null, `POST /api/${service}`, 'server', startUs, endUs, traceFailed ? 'error' : 'ok', { 'http.route': `/api/${service}` }),
      span(stepId, rootId, 'handle request', 'internal', startUs + 100, endUs - 100, 'ok', {}),
    );
    yield spans;
  }
}

/** The next `count` spans of a trace generator, in whole traces (may overshoot by one trace). */
export function takeSpans(traces: Generator<SpanRecord[]>, count: number): SpanRecord[] {
  const spans: SpanRecord[] = [];
  while (spans.length < count) spans.push(...traces.next().value);
  return spans;
}

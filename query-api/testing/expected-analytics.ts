import type { SeedSpan } from './seed.js';

/** Analytics computed in plain JS from the seeded spans: the reference the API must match. */
export interface Range {
  fromMs: number;
  toMs: number;
  service?: string;
  model?: string;
  provider?: string;
}

export const inRange = (range: Range) => (span: SeedSpan) => span.start_ms >= range.fromMs && span.start_ms < range.toMs;

export function llmCalls(spans: SeedSpan[], range: Range): SeedSpan[] {
  return spans.filter(
    (span) =>
      span.model != null &&
      inRange(range)(span) &&
      (range.service === undefined || span.service_name === range.service) &&
      (range.model === undefined || span.model === range.model) &&
      (range.provider === undefined || span.provider === range.provider),
  );
}

export interface Sums {
  cost: number;
  calls: number;
  prompt: number;
  completion: number;
  cached: number;
  latencySum: number;
  latencyMax: number;
}

export function sums(calls: SeedSpan[]): Sums {
  return calls.reduce(
    (total, span) => ({
      cost: total.cost + (span.cost_usd ?? 0),
      calls: total.calls + 1,
      prompt: total.prompt + (span.prompt_tokens ?? 0),
      completion: total.completion + (span.completion_tokens ?? 0),
      cached: total.cached + (span.cached_prompt_tokens ?? 0),
      latencySum: total.latencySum + span.latency_ms,
      latencyMax: Math.max(total.latencyMax, span.latency_ms),
    }),
    { cost: 0, calls: 0, prompt: 0, completion: 0, cached: 0, latencySum: 0, latencyMax: 0 },
  );
}

/** Groups calls by a key; a span with several tags counts in each. */
export function groupBy(calls: SeedSpan[], key: 'service' | 'model' | 'provider' | 'user_id' | 'tag'): Map<string | null, SeedSpan[]> {
  const groups = new Map<string | null, SeedSpan[]>();
  const add = (name: string | null, span: SeedSpan) => groups.set(name, [...(groups.get(name) ?? []), span]);
  for (const span of calls) {
    if (key === 'tag') for (const tag of span.tags ?? []) add(tag, span);
    else add(key === 'service' ? span.service_name : key === 'model' ? (span.model ?? null) : key === 'provider' ? (span.provider ?? null) : (span.user_id ?? null), span);
  }
  return groups;
}

/** Traces whose root span started in the range (and whose root is in the service). */
export function rootCount(spans: SeedSpan[], range: Range): number {
  return spans.filter((span) => span.parent_span_id == null && inRange(range)(span) && (range.service === undefined || span.service_name === range.service)).length;
}

export function trendBuckets(calls: SeedSpan[], sizeMs: number): Map<number, SeedSpan[]> {
  const buckets = new Map<number, SeedSpan[]>();
  for (const span of calls) {
    const start = Math.floor(span.start_ms / sizeMs) * sizeMs;
    buckets.set(start, [...(buckets.get(start) ?? []), span]);
  }
  return buckets;
}

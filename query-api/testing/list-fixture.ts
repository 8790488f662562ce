import { spanId, traceId } from './ids.js';
import type { SeedSpan } from './seed.js';

/**
 * A small, hand-readable set of traces covering every list filter: services, models and
 * providers, statuses, tags, users, sessions, costs, durations and prompt text.
 */
export const T0 = Date.parse('2026-01-10T12:00:00Z');
const MINUTE = 60_000;

interface Call {
  model: string;
  provider: string;
  latencyMs: number;
  costUsd: number;
  status?: 'ok' | 'error' | 'degraded';
  prompt: string;
  response: string;
}

interface FixtureTrace {
  n: number;
  service: string;
  startMs: number;
  user?: string;
  session?: string;
  tags: string[];
  rootStatus?: 'ok' | 'error' | 'degraded';
  /** the first call is the root span itself (a bare LLM call traced on its own) */
  llmRoot?: boolean;
  calls: Call[];
}

const gpt4o = { model: 'gpt-4o', provider: 'openai' };
const mini = { model: 'gpt-4o-mini', provider: 'openai' };
const sonnet = { model: 'claude-sonnet-4', provider: 'anthropic' };

export const FIXTURE_TRACES: FixtureTrace[] = [
  { n: 1, service: 'checkout', startMs: T0 - 5 * MINUTE, user: 'u1', session: 's1', tags: ['env:prod', 'feature:chat'], calls: [
    { ...gpt4o, latencyMs: 800, costUsd: 0.01, prompt: 'How do I get a refund for my order?', response: 'You can request a refund within 30 days.' },
  ] },
  { n: 2, service: 'checkout', startMs: T0 - 4 * MINUTE, user: 'u2', session: 's3', tags: ['env:prod'], rootStatus: 'error', calls: [
    { ...sonnet, latencyMs: 2500, costUsd: 0.05, status: 'error', prompt: 'Summarize the invoice for March', response: 'rate limited' },
  ] },
  { n: 3, service: 'search', startMs: T0 - 3 * MINUTE, user: 'u1', session: 's2', tags: ['env:staging', 'feature:chat'], calls: [
    { ...mini, latencyMs: 300, costUsd: 0.001, status: 'degraded', prompt: 'Find shoes in size 42', response: 'Here are three pairs of running shoes.' },
    { ...gpt4o, latencyMs: 1200, costUsd: 0.02, prompt: 'Rank these shoes by price', response: 'The cheapest pair costs 40 euros.' },
  ] },
  { n: 4, service: 'search', startMs: T0 - 2 * MINUTE, tags: [], calls: [] },
  { n: 5, service: 'support-bot', startMs: T0 - 1 * MINUTE, user: 'u3', tags: ['env:prod'], llmRoot: true, calls: [
    { ...sonnet, latencyMs: 5000, costUsd: 0.2, prompt: 'My password reset email never arrived', response: 'I have sent a new password reset link.' },
  ] },
  { n: 6, service: 'checkout', startMs: T0 - 10 * MINUTE, user: 'u2', session: 's3', tags: ['env:prod', 'tier:pro'], calls: [
    { ...mini, latencyMs: 450, costUsd: 0.002, prompt: 'Is my refund processed?', response: 'Your refund was processed yesterday.' },
  ] },
];

/** The stored spans of a fixture trace: a server root and its LLM calls (or a lone LLM root). */
export function fixtureSpans(trace: FixtureTrace): SeedSpan[] {
  const id = traceId(trace.n);
  const rootId = spanId(trace.n * 100);
  const context = { user_id: trace.user ?? null, session_id: trace.session ?? null, tags: trace.tags };
  const callSpans = trace.calls.map((call, i): SeedSpan => ({
    trace_id: id,
    span_id: trace.llmRoot && i === 0 ? rootId : spanId(trace.n * 100 + i + 1),
    parent_span_id: trace.llmRoot && i === 0 ? null : rootId,
    service_name: trace.service,
    start_ms: trace.startMs + 10 + i * 2000,
    latency_ms: call.latencyMs,
    status: call.status ?? 'ok',
    model: call.model,
    provider: call.provider,
    prompt_tokens: 100 * (i + 1),
    completion_tokens: 20 * (i + 1),
    cost_usd: call.costUsd,
    prompt: call.prompt,
    response: call.response,
    attributes: { 'gen_ai.request.model': call.model },
    ...context,
  }));
  if (trace.llmRoot) return callSpans;
  const lastEnd = Math.max(trace.startMs + 50, ...callSpans.map((span) => span.start_ms + span.latency_ms));
  const root: SeedSpan = {
    trace_id: id,
    span_id: rootId,
    parent_span_id: null,
    name: `POST /${trace.service}`,
    kind: 'server',
    service_name: trace.service,
    start_ms: trace.startMs,
    latency_ms: lastEnd + 5 - trace.startMs,
    status: trace.rootStatus ?? 'ok',
    attributes: { 'http.route': `/${trace.service}` },
    ...context,
  };
  return [root, ...callSpans];
}

export const FIXTURE_SPANS: SeedSpan[] = FIXTURE_TRACES.flatMap(fixtureSpans);

/** What a trace summary of the fixture holds, computed here in JS, independently of SQL. */
export function expectedTrace(trace: FixtureTrace) {
  const spans = fixtureSpans(trace);
  const statuses = spans.map((span) => span.status);
  const end = Math.max(...spans.map((span) => span.start_ms + span.latency_ms));
  return {
    trace_id: traceId(trace.n),
    service_name: trace.service,
    start_ms: trace.startMs,
    duration_ms: end - Math.min(...spans.map((span) => span.start_ms)),
    llm_call_count: trace.calls.length,
    models: [...new Set(trace.calls.map((call) => call.model))].sort(),
    providers: [...new Set(trace.calls.map((call) => call.provider))].sort(),
    total_cost_usd: trace.calls.reduce((sum, call) => sum + call.costUsd, 0),
    status: statuses.includes('error') ? 'error' : statuses.includes('degraded') ? 'degraded' : 'ok',
    texts: trace.calls.map((call) => `${call.prompt} ${call.response}`.toLowerCase()),
    ...trace,
  };
}

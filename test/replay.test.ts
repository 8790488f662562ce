/**
 * Replay end to end: LLM calls sent through the real OTLP path (official OTel exporter →
 * ingest → NATS → processors → Postgres), captured, replayed through the official SDKs
 * against the provider stand-in with a provider switch (OpenAI → Anthropic) and a prompt
 * override, compared, and judged when borderline, the verdict cached in Redis.
 */
import { context, trace } from '@opentelemetry/api';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPricer, hashSimilarity, JUDGE_PROMPT_VERSION, localSemanticScore, wordDiff } from '@lumina/core';
import { call, startTestReplay, type TestReplay } from '../replay/testing/test-replay.js';
import { lastUserText, startLlmStandIn, type LlmStandIn, type StandInStep } from './support/llm-stand-in.js';
import { otlpExporter, withTracer } from './support/otel.js';
import { startPlatform, type TestPlatform } from './support/platform.js';
import { waitFor } from './support/wait.js';

const SYSTEM = 'You are a concise travel assistant.';
const TEMPLATE = 'Answer in one sentence. {{input}}';
const REPLAY_MODEL = 'claude-sonnet-4-5';
const JUDGE_MODEL = 'gpt-4.1-nano';
const JUDGE_VERDICT = { score: 0.9, reason: 'Same facts, reworded.' };
const REPLAY_USAGE = { promptTokens: 120, completionTokens: 30 };

/** The calls the app makes: what it asked, what the model answered then, and what the replay answers now. */
const CALLS = [
  { input: 'What is the capital of France?', original: 'The capital of France is Paris.', replay: 'The capital of France is Paris.', latencyMs: 800 },
  {
    input: 'Tell me about Rome.',
    original: 'Rome is the capital of Italy and has about 2.8 million inhabitants.',
    replay: 'The capital of Italy is Rome, home to about 2.8 million people.',
    latencyMs: 1200,
  },
  { input: 'Will it rain in Oslo?', original: 'Bring an umbrella, rain is expected all afternoon.', replay: 'The stock market closed higher today.', latencyMs: 400 },
  { input: 'Best time to visit Lisbon?', original: 'Spring and early autumn are the best times to visit Lisbon.', replay: 'Spring and early autumn are the best times to visit Lisbon.', latencyMs: 600 },
];
const PROMPT_TOKENS = 40;
const COMPLETION_TOKENS = 15;

let platform: TestPlatform;
let standIn: LlmStandIn;
let replay: TestReplay;
let redis: Redis;
const traceIds: string[] = [];

/** Replay calls (Anthropic) answer by their input; every OpenAI request is the judge's. */
function respond(api: string, body: unknown): StandInStep | undefined {
  if (api === 'openai') return { reply: { text: JSON.stringify(JUDGE_VERDICT) } };
  const text = lastUserText(body);
  const match = CALLS.find((c) => text === TEMPLATE.replace('{{input}}', c.input));
  return match ? { reply: { text: match.replay, usage: REPLAY_USAGE }, latencyMs: 20 } : { status: 400, message: `unexpected input: ${text}` };
}

beforeAll(async () => {
  platform = await startPlatform();
  standIn = await startLlmStandIn({ respond });
  replay = await startTestReplay(platform.databaseUrl, {
    OPENAI_API_KEY: 'sk-test',
    OPENAI_BASE_URL: standIn.openAiBaseUrl,
    ANTHROPIC_API_KEY: 'sk-ant-test',
    ANTHROPIC_BASE_URL: standIn.anthropicBaseUrl,
    REPLAY_JUDGE_PROVIDER: 'openai',
    REPLAY_JUDGE_MODEL: JUDGE_MODEL,
  });
  redis = new Redis();

  // The app: one trace with three chat calls, one with a single call, exported over OTLP/gRPC.
  const start = Date.now() - 120_000;
  await withTracer(otlpExporter('grpc', platform), { 'service.name': 'travel-app' }, (tracer) => {
    const groups = [CALLS.slice(0, 3), CALLS.slice(3)];
    groups.forEach((group, g) => {
      const rootStart = start + g * 10_000;
      const root = tracer.startSpan('handle request', { startTime: rootStart });
      let at = rootStart + 1;
      for (const c of group) {
        const span = tracer.startSpan(
          'chat gpt-4o',
          {
            startTime: at,
            attributes: {
              'gen_ai.operation.name': 'chat',
              'gen_ai.provider.name': 'openai',
              'gen_ai.request.model': 'gpt-4o',
              'gen_ai.response.model': 'gpt-4o',
              'gen_ai.request.temperature': 0.2,
              'gen_ai.usage.input_tokens': PROMPT_TOKENS,
              'gen_ai.usage.output_tokens': COMPLETION_TOKENS,
              'gen_ai.system_instructions': JSON.stringify([{ type: 'text', content: SYSTEM }]),
              'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: c.input }] }]),
              'gen_ai.output.messages': JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: c.original }], finish_reason: 'stop' }]),
            },
          },
          trace.setSpan(context.active(), root),
        );
        span.end(at + c.latencyMs);
        at += c.latencyMs + 1;
      }
      root.end(at + 1);
      traceIds.push(root.spanContext().traceId);
    });
  });
  await waitFor(
    async () => Promise.all(traceIds.map(async (id) => (await call(platform.queryUrl, 'GET', `/api/traces/${id}`)).body?.llm_call_count ?? 0)),
    (counts) => counts[0] === 3 && counts[1] === 1,
    30_000,
    'both traces stored with their calls',
  );
});
afterAll(async () => {
  if (redis) {
    const keys = await redis.keys(`${replay.redisPrefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  }
  await replay?.stop();
  await standIn?.close();
  await platform?.stop();
});

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

describe('replaying production calls with another provider and prompt', () => {
  it('captures, replays through the SDKs, compares, judges the borderline call once, and reads the verdict from Redis the second time', async () => {
    const captured = await call(replay.url, 'POST', '/replay/capture', { name: 'travel to claude', trace_ids: traceIds });
    expect(captured.status).toBe(201);
    expect(captured.body).toMatchObject({ name: 'travel to claude', status: 'pending', total_traces: 2, total_calls: 4 });
    const replayId = captured.body.replay_id;
    const overrides = { replay_id: replayId, provider: 'Anthropic', model: REPLAY_MODEL, prompt_template: TEMPLATE, temperature: 0.2, concurrency: 3 };

    const run = await call(replay.url, 'POST', '/replay/run?wait=true', overrides);
    expect(run.status).toBe(200);
    expect(run.body).toMatchObject({
      replay_id: replayId,
      status: 'completed',
      mode: 'live',
      total_traces: 2,
      completed_traces: 2,
      total_calls: 4,
      completed_calls: 4,
      failed_calls: 0,
      run: { provider: 'anthropic', model: REPLAY_MODEL, prompt_template: TEMPLATE, temperature: 0.2, concurrency: 3 },
    });

    // What the providers received: the mapped Anthropic request (no temperature: API 2026-10-21 refuses it), and one judge call.
    const sent = standIn.requestsTo('anthropic');
    expect(sent).toHaveLength(4);
    for (const request of sent) {
      expect(request.body).toMatchObject({ model: REPLAY_MODEL, system: SYSTEM, max_tokens: 4096 });
      expect(request.body).not.toHaveProperty('temperature');
    }
    const judged = standIn.requestsTo('openai');
    expect(judged).toHaveLength(1);
    const judgeBody = judged[0]!.body as { model: string; messages: { role: string; content: string }[] };
    expect(judgeBody.model).toBe(JUDGE_MODEL);
    expect(judgeBody.messages[1]!.content).toContain(CALLS[1]!.original);
    expect(judgeBody.messages[1]!.content).toContain(CALLS[1]!.replay);
    const cacheKeys = await redis.keys(`${replay.redisPrefix}judge:${JUDGE_PROMPT_VERSION}:${JUDGE_MODEL}:*`);
    expect(cacheKeys).toHaveLength(1);

    // The originals as the query API serves them: ids, cost as the processors priced it, latency.
    const spans = (await Promise.all(traceIds.map(async (id) => (await call(platform.queryUrl, 'GET', `/api/traces/${id}`)).body.spans))).flat().filter((s: any) => s.model);
    expect(spans).toHaveLength(4);

    const { body: diff } = await call(replay.url, 'GET', `/replay/${replayId}/diff`);
    expect(diff.results).toHaveLength(4);
    // review order: the regression (call 3) first, then the rest in capture order
    expect(diff.results.map((r: any) => r.original_response)).toEqual([CALLS[2]!.original, CALLS[0]!.original, CALLS[1]!.original, CALLS[3]!.original]);

    const pricer = createPricer();
    const startedAt = new Date(run.body.started_at);
    const replayCost = pricer.spanCostUsd({ provider: 'anthropic', model: REPLAY_MODEL, ...REPLAY_USAGE, cachedPromptTokens: 0, cacheWritePromptTokens: 0, at: startedAt });
    expect(replayCost).toBeGreaterThan(0);
    const expectedScores = [1, JUDGE_VERDICT.score, localSemanticScore(CALLS[2]!.original, CALLS[2]!.replay), 1];
    for (const [n, c] of CALLS.entries()) {
      const result = diff.results.find((r: any) => r.original_response === c.original);
      const span = spans[n];
      const local = localSemanticScore(c.original, c.replay);
      expect(result).toEqual({
        trace_id: span.trace_id,
        span_id: span.span_id,
        status: 'completed',
        error: null,
        original_provider: 'openai',
        replay_provider: 'anthropic',
        original_model: 'gpt-4o',
        replay_model: REPLAY_MODEL,
        original_system_prompt: SYSTEM,
        replay_system_prompt: SYSTEM,
        original_prompt: c.input,
        replay_prompt: TEMPLATE.replace('{{input}}', c.input),
        original_response: c.original,
        replay_response: c.replay,
        original_cost_usd: span.cost_usd,
        replay_cost_usd: replayCost,
        original_latency_ms: c.latencyMs,
        replay_latency_ms: expect.any(Number),
        original_prompt_tokens: PROMPT_TOKENS,
        replay_prompt_tokens: REPLAY_USAGE.promptTokens,
        original_completion_tokens: COMPLETION_TOKENS,
        replay_completion_tokens: REPLAY_USAGE.completionTokens,
        hash_similarity: hashSimilarity(c.original, c.replay),
        semantic_score: expectedScores[n],
        local_semantic_score: local,
        semantic_tier: n === 1 ? 'judge' : 'local',
        judge_reason: n === 1 ? JUDGE_VERDICT.reason : null,
        judge_cached: n === 1 ? false : null,
        judge_error: null,
        regression: n === 2,
        diff_summary: wordDiff(c.original, c.replay).summary.text,
        simulated: false,
        retries: 0,
        dropped_parameters: ['temperature'],
        warnings: [],
      });
      expect(result.replay_latency_ms).toBeGreaterThanOrEqual(20); // the stand-in answers after 20 ms
    }
    expect(spans.every((s: any) => s.cost_usd > 0)).toBe(true);

    const originalCost = spans.reduce((sum: number, s: any) => sum + s.cost_usd, 0);
    const replayLatencies = diff.results.map((r: any) => r.replay_latency_ms);
    const originalLatency = mean(CALLS.map((c) => c.latencyMs));
    const summary = run.body.summary;
    expect(summary.avg_hash_similarity).toBeCloseTo(mean(CALLS.map((c) => hashSimilarity(c.original, c.replay))), 12);
    expect(summary.avg_semantic_score).toBeCloseTo(mean(expectedScores), 12);
    expect(summary.original_cost_usd).toBeCloseTo(originalCost, 12);
    expect(summary.replay_cost_usd).toBeCloseTo(4 * replayCost!, 12);
    expect(summary.cost_delta_pct).toBeCloseTo(((4 * replayCost! - originalCost) / originalCost) * 100, 8);
    expect(summary.original_avg_latency_ms).toBeCloseTo(originalLatency, 8);
    expect(summary.replay_avg_latency_ms).toBeCloseTo(mean(replayLatencies), 8);
    expect(summary.latency_delta_pct).toBeCloseTo(((mean(replayLatencies) - originalLatency) / originalLatency) * 100, 8);
    expect(summary).toMatchObject({ regressions: 1, regression_threshold: 0.7, failed_calls: 0, judged_calls: 1 });
    expect(Object.keys(summary).sort()).toEqual(
      [
        'avg_hash_similarity', 'avg_semantic_score', 'original_cost_usd', 'replay_cost_usd', 'cost_delta_pct', 'original_avg_latency_ms',
        'replay_avg_latency_ms', 'latency_delta_pct', 'regressions', 'regression_threshold', 'failed_calls', 'judged_calls',
      ].sort(),
    );

    // A second run of the same set: the same pair is judged from the cache, no judge call.
    const second = await call(replay.url, 'POST', '/replay/run?wait=true', overrides);
    expect(second.body).toMatchObject({ status: 'completed', run_count: 2, completed_calls: 4 });
    expect(standIn.requestsTo('anthropic')).toHaveLength(8);
    expect(standIn.requestsTo('openai')).toHaveLength(1);
    const { body: again } = await call(replay.url, 'GET', `/replay/${replayId}/diff`);
    const judgedAgain = again.results.find((r: any) => r.original_response === CALLS[1]!.original);
    expect(judgedAgain).toMatchObject({ semantic_tier: 'judge', semantic_score: JUDGE_VERDICT.score, judge_reason: JUDGE_VERDICT.reason, judge_cached: true });
    expect(second.body.summary).toMatchObject({ regressions: 1, judged_calls: 1, avg_semantic_score: summary.avg_semantic_score });

    // The list shows it first, with the stored summary.
    const { body: list } = await call(replay.url, 'GET', '/replay');
    expect(list.data[0]).toMatchObject({ replay_id: replayId, status: 'completed', mode: 'live', summary: second.body.summary });
  });
});

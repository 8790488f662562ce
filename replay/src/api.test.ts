/** The replay API's contract (API.md "Replay") in simulation mode: no provider key is configured. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPricer, hashSimilarity, localSemanticScore, simulateResponse, wordDiff } from '@lumina/core';
import { createTestDatabase, type TestDatabase } from '@lumina/db/testing';
import { seedCalls } from '@lumina/db/testing/seed';
import pg from 'pg';
import { call, startTestReplay, type TestReplay } from '../testing/test-replay.js';

const T1 = '1'.repeat(32);
const T2 = '2'.repeat(32);
const T3 = '3'.repeat(32);
const EMPTY = '4'.repeat(32);
const sid = (n: number) => n.toString(16).padStart(16, '0');
const NOW = Date.now();

let db: TestDatabase;
let replay: TestReplay;

beforeAll(async () => {
  db = await createTestDatabase('lumina_replay_api');
  const pool = new pg.Pool({ connectionString: db.url });
  await seedCalls(pool, [
    { traceId: T1, spanId: sid(1), startMs: NOW - 60_000, prompt: 'What is the capital of France?', response: 'The capital of France is Paris.', model: 'gpt-4o', costUsd: 0.0004, latencyMs: 900 },
    { traceId: T1, spanId: sid(2), startMs: NOW - 59_000, prompt: 'And of Italy?', response: 'The capital of Italy is Rome, a city of about three million people.', model: 'gpt-4o', costUsd: 0.0006, latencyMs: 1200 },
    { traceId: T1, spanId: sid(3), startMs: NOW - 58_000, prompt: 'Say hi', response: 'Hi!', model: 'gpt-4o', costUsd: 0.0001, latencyMs: 300 },
    { traceId: T2, spanId: sid(4), startMs: NOW - 3 * 3_600_000, service: 'search', model: 'gpt-4o-mini', prompt: 'Find shoes', response: 'Here are three pairs of running shoes in your size.' },
    { traceId: T3, spanId: sid(5), startMs: NOW - 3 * 86_400_000, service: 'search', model: 'gpt-4o-mini' },
    { traceId: EMPTY, spanId: sid(6), startMs: NOW - 1000, isLlm: false },
  ]);
  await pool.end();
  replay = await startTestReplay(db.url);
});
afterAll(async () => {
  await replay?.stop();
  await db?.drop();
});

describe('POST /replay/capture', () => {
  it('captures a trace with three LLM calls as three results, each keeping its trace and span id', async () => {
    const captured = await call(replay.url, 'POST', '/replay/capture', { name: 'checkout', description: 'three calls', trace_ids: [T1] });
    expect(captured.status).toBe(201);
    expect(captured.body).toEqual({ replay_id: expect.any(String), name: 'checkout', status: 'pending', total_traces: 1, total_calls: 3 });
    const diff = await call(replay.url, 'GET', `/replay/${captured.body.replay_id}/diff`);
    expect(diff.body.results.map((r: any) => [r.trace_id, r.span_id, r.status])).toEqual([
      [T1, sid(1), 'pending'],
      [T1, sid(2), 'pending'],
      [T1, sid(3), 'pending'],
    ]);
  });

  it('answers 400 trace_not_found naming an id that does not exist, and nothing_to_replay for traces without calls', async () => {
    const missing = 'f'.repeat(32);
    const unknown = await call(replay.url, 'POST', '/replay/capture', { name: 'x', trace_ids: [T1, missing] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toEqual({ code: 'trace_not_found', message: `no trace ${missing} in this project`, details: { missing: [missing] } });
    const empty = await call(replay.url, 'POST', '/replay/capture', { name: 'x', trace_ids: [EMPTY] });
    expect(empty.status).toBe(400);
    expect(empty.body.error.code).toBe('nothing_to_replay');
  });

  it('captures by filters (service, model, time_range, from/to) and answers 400 when nothing matches', async () => {
    const search = await call(replay.url, 'POST', '/replay/capture', { name: 's', filters: { service: 'search' } });
    expect(search.body).toMatchObject({ total_traces: 2, total_calls: 2 });
    const recent = await call(replay.url, 'POST', '/replay/capture', { name: 'r', filters: { service: 'search', time_range: '24h' } });
    expect(recent.body).toMatchObject({ total_traces: 1, total_calls: 1 });
    const byModel = await call(replay.url, 'POST', '/replay/capture', { name: 'm', filters: { model: 'gpt-4o', from: new Date(NOW - 3_600_000).toISOString(), to: NOW } });
    expect(byModel.body).toMatchObject({ total_traces: 1, total_calls: 3 });
    const none = await call(replay.url, 'POST', '/replay/capture', { name: 'n', filters: { model: 'no-such-model' } });
    expect(none.status).toBe(400);
    expect(none.body.error.code).toBe('nothing_to_replay');
  });

  it('samples reproducibly: the same filters and seed give the same traces, and the set keeps how they were chosen', async () => {
    const first = await call(replay.url, 'POST', '/replay/capture', { name: 'a', filters: { sample_size: 2, seed: 7 } });
    const second = await call(replay.url, 'POST', '/replay/capture', { name: 'b', filters: { sample_size: 2, seed: 7 } });
    const idsOf = async (id: string) => [...new Set((await call(replay.url, 'GET', `/replay/${id}/diff`)).body.results.map((r: any) => r.trace_id))].sort();
    expect(first.body.total_traces).toBe(2);
    expect(await idsOf(first.body.replay_id)).toEqual(await idsOf(second.body.replay_id));
    const set = await call(replay.url, 'GET', `/replay/${first.body.replay_id}`);
    expect(set.body.capture).toEqual({ filters: { sample_size: 2, seed: 7 }, matched_traces: 3 });
  });

  it('refuses bad bodies with the error shape: both or neither way of choosing, unknown fields, bad values, not JSON', async () => {
    const cases: [unknown, string][] = [
      [{ name: 'x', trace_ids: [T1], filters: { service: 'search' } }, 'invalid_body'],
      [{ name: 'x' }, 'invalid_body'],
      [{ name: 'x', trace_ids: [T1], modle: 'gpt-4o' }, 'unknown_parameter'],
      [{ name: 'x', trace_ids: ['xyz'] }, 'invalid_parameter'],
      [{ name: 'x', filters: { time_range: 'yesterday' } }, 'invalid_parameter'],
      [{ name: 'x', filters: { time_range: '1h', from: NOW } }, 'invalid_parameter'],
      [{ trace_ids: [T1] }, 'invalid_parameter'],
    ];
    for (const [body, code] of cases) {
      const answer = await call(replay.url, 'POST', '/replay/capture', body);
      expect([answer.status, answer.body.error.code], JSON.stringify(body)).toEqual([400, code]);
    }
    const notJson = await fetch(`${replay.url}/replay/capture`, { method: 'POST', body: '{"name":', headers: { 'content-type': 'application/json' } });
    expect([notJson.status, ((await notJson.json()) as any).error.code]).toEqual([400, 'invalid_body']);
    const text = await fetch(`${replay.url}/replay/capture`, { method: 'POST', body: 'name=x', headers: { 'content-type': 'text/plain' } });
    expect([text.status, ((await text.json()) as any).error.code]).toEqual([415, 'unsupported_media_type']);
  });
});

describe('POST /replay/run in simulation mode (no provider key)', () => {
  it('runs without network, and the set and its diff say so, with every figure from the simulated replies', async () => {
    const { body: captured } = await call(replay.url, 'POST', '/replay/capture', { name: 'sim', trace_ids: [T1] });
    const run = await call(replay.url, 'POST', '/replay/run?wait=true', { replay_id: captured.replay_id, model: 'gpt-4o-mini', temperature: 0.3 });
    expect(run.status).toBe(200);
    expect(run.body).toMatchObject({
      replay_id: captured.replay_id,
      name: 'sim',
      status: 'completed',
      mode: 'simulation',
      total_traces: 1,
      completed_traces: 1,
      total_calls: 3,
      completed_calls: 3,
      failed_calls: 0,
      run: { model: 'gpt-4o-mini', temperature: 0.3, concurrency: 5 },
      run_count: 1,
      error: null,
    });

    // The reference: core's simulation, priced by the same pricer, compared by the same functions.
    const pricer = createPricer();
    const originals = [
      { spanId: sid(1), response: 'The capital of France is Paris.', costUsd: 0.0004, latencyMs: 900 },
      { spanId: sid(2), response: 'The capital of Italy is Rome, a city of about three million people.', costUsd: 0.0006, latencyMs: 1200 },
      { spanId: sid(3), response: 'Hi!', costUsd: 0.0001, latencyMs: 300 },
    ];
    const startedAt = new Date(run.body.started_at);
    const expected = originals.map((o) => {
      const source = { provider: 'openai', model: 'gpt-4o', response: o.response, systemPrompt: null, promptTokens: 20, completionTokens: 10, cachedPromptTokens: 0, latencyMs: o.latencyMs, finishReason: 'stop' };
      const reply = simulateResponse(source, { model: 'gpt-4o-mini', temperature: 0.3 }, `${captured.replay_id}:${o.spanId}`, { pricer, at: startedAt });
      return { ...o, reply, hash: hashSimilarity(o.response, reply.text), score: localSemanticScore(o.response, reply.text) };
    });
    const { body: diff } = await call(replay.url, 'GET', `/replay/${captured.replay_id}/diff`);
    const bySpan = new Map(diff.results.map((r: any) => [r.span_id, r]));
    for (const e of expected) {
      expect(bySpan.get(e.spanId)).toMatchObject({
        trace_id: T1,
        status: 'completed',
        error: null,
        original_model: 'gpt-4o',
        replay_model: 'gpt-4o-mini',
        original_provider: 'openai',
        replay_provider: 'openai',
        original_response: e.response,
        replay_response: e.reply.text,
        original_cost_usd: e.costUsd,
        replay_cost_usd: e.reply.costUsd,
        original_latency_ms: e.latencyMs,
        replay_latency_ms: e.reply.latencyMs,
        hash_similarity: e.hash,
        semantic_score: e.score,
        local_semantic_score: e.score,
        semantic_tier: 'local',
        simulated: true,
        diff_summary: wordDiff(e.response, e.reply.text).summary.text,
        dropped_parameters: [],
      });
    }
    const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
    const originalCost = 0.0004 + 0.0006 + 0.0001;
    const replayCost = expected.reduce((sum, e) => sum + (e.reply.costUsd as number), 0);
    const originalLatency = mean([900, 1200, 300]);
    const replayLatency = mean(expected.map((e) => e.reply.latencyMs));
    const summary = run.body.summary;
    expect(summary.avg_hash_similarity).toBeCloseTo(mean(expected.map((e) => e.hash)), 10);
    expect(summary.avg_semantic_score).toBeCloseTo(mean(expected.map((e) => e.score)), 10);
    expect(summary.original_cost_usd).toBeCloseTo(originalCost, 12);
    expect(summary.replay_cost_usd).toBeCloseTo(replayCost, 12);
    expect(summary.cost_delta_pct).toBeCloseTo(((replayCost - originalCost) / originalCost) * 100, 8);
    expect(summary.original_avg_latency_ms).toBeCloseTo(originalLatency, 8);
    expect(summary.replay_avg_latency_ms).toBeCloseTo(replayLatency, 8);
    expect(summary.latency_delta_pct).toBeCloseTo(((replayLatency - originalLatency) / originalLatency) * 100, 8);
    expect(summary.regressions).toBe(expected.filter((e) => e.score < 0.7).length);
    expect(summary).toMatchObject({ regression_threshold: 0.7, failed_calls: 0, judged_calls: 0 });
    // the stored summary is what GET answers
    expect((await call(replay.url, 'GET', `/replay/${captured.replay_id}`)).body).toEqual(run.body);
  });

  it('refuses overrides that cannot apply and unknown sets, and answers a run without waiting with 202', async () => {
    const { body: captured } = await call(replay.url, 'POST', '/replay/capture', { name: 'bad', trace_ids: [T2] });
    const template = await call(replay.url, 'POST', '/replay/run', { replay_id: captured.replay_id, prompt_template: 'no placeholder' });
    expect([template.status, template.body.error.code]).toEqual([400, 'invalid_override']);
    const provider = await call(replay.url, 'POST', '/replay/run', { replay_id: captured.replay_id, provider: 'anthropic' });
    expect([provider.status, provider.body.error.code]).toEqual([400, 'invalid_override']);
    const unknown = await call(replay.url, 'POST', '/replay/run', { replay_id: 'no-such-set' });
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'not_found']);
    const typo = await call(replay.url, 'POST', '/replay/run', { replay_id: captured.replay_id, temprature: 1 });
    expect([typo.status, typo.body.error.code]).toEqual([400, 'unknown_parameter']);
    const started = await call(replay.url, 'POST', '/replay/run', { replay_id: captured.replay_id });
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ replay_id: captured.replay_id, mode: 'simulation', run_count: 1 });
  });
});

describe('GET /replay, /replay/{id}, /replay/{id}/diff', () => {
  it('lists every set newest first, and answers 404 for an unknown id', async () => {
    const { body: list } = await call(replay.url, 'GET', '/replay');
    const created = list.data.map((s: any) => Date.parse(s.created_at));
    expect(created).toEqual([...created].sort((a, b) => b - a));
    expect(list.data.length).toBeGreaterThanOrEqual(8);
    expect(list.data.find((s: any) => s.name === 'sim')).toMatchObject({ status: 'completed', mode: 'simulation' });
    for (const path of ['/replay/nope', '/replay/nope/diff']) {
      const answer = await call(replay.url, 'GET', path);
      expect([answer.status, answer.body.error.code]).toEqual([404, 'not_found']);
    }
  });

  it('answers 400, not 500, for a NUL character (\\u0000) in an id or a body (found by npm run fuzz)', async () => {
    for (const path of ['/replay/%00', '/replay/a%00b/diff']) {
      const answer = await call(replay.url, 'GET', path);
      expect([answer.status, answer.body.error.code], path).toEqual([400, 'invalid_parameter']);
    }
    const capture = await call(replay.url, 'POST', '/replay/capture', { name: 'x', filters: { service: 'a\u0000b' } });
    expect([capture.status, capture.body.error.code]).toEqual([400, 'invalid_parameter']);
  });

  it('serves /health, /metrics and an OpenAPI document of every route', async () => {
    expect((await call(replay.url, 'GET', '/health')).body).toEqual({ status: 'ok' });
    const metrics = await (await fetch(`${replay.url}/metrics`)).text();
    expect(metrics).toContain('lumina_replay_calls_total{mode="simulation",outcome="completed"}');
    expect(metrics).toContain('lumina_replay_requests_total');
    const { body: doc } = await call(replay.url, 'GET', '/openapi.json');
    expect(Object.keys(doc.paths).sort()).toEqual(['/health', '/metrics', '/replay', '/replay/capture', '/replay/run', '/replay/{id}', '/replay/{id}/diff']);
  });
});

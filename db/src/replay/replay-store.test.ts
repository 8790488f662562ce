import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { seedCalls } from '../../testing/seed-calls.js';
import { useTestDatabase } from '../../testing/test-database.js';
import type { Queryable } from '../read/queryable.js';
import { insertReplaySet, readKnownTraces, readMatchingTraceIds } from './capture.js';
import { claimResults, readResults, releaseClaims, renewClaims, writeOutcomes } from './results.js';
import { finishReplayRun, listReplaySets, readReplaySet, readRunningSets, startReplayRun } from './sets.js';

const T1 = 'a'.repeat(32);
const T2 = 'b'.repeat(32);
const T3 = 'c'.repeat(32);
const sid = (n: number) => n.toString(16).padStart(16, '0');
const NOW = Date.now();
const CHAT = ['chat'];

describe('replay sets and results in Postgres', () => {
  const db = useTestDatabase('lumina_replay_store');
  const q: Queryable = { rows: async (query) => (await db.pool.query(query.text, query.values)).rows };
  let seeded = false;
  async function seed() {
    if (seeded) return;
    seeded = true;
    await seedCalls(db.pool, [
      // T1: three LLM calls and a plain span, in start order 2, 1, 3
      { traceId: T1, spanId: sid(1), startMs: NOW - 50_000, prompt: 'one' },
      { traceId: T1, spanId: sid(2), startMs: NOW - 50_100, prompt: 'two', model: 'claude-haiku-4-5', provider: 'anthropic' },
      { traceId: T1, spanId: sid(3), startMs: NOW - 49_000, prompt: 'three' },
      { traceId: T1, spanId: sid(4), startMs: NOW - 50_200, isLlm: false },
      { traceId: T2, spanId: sid(5), startMs: NOW - 3_600_000 * 30, service: 'search', model: 'gpt-4o' },
      { traceId: T3, spanId: sid(6), startMs: NOW - 10_000, isLlm: false },
    ]);
  }

  it('finds known traces with their call counts, and traces matching filters newest first', async () => {
    await seed();
    const known = await readKnownTraces(q, 'default', [T1, T2, T3, 'd'.repeat(32)]);
    expect(Object.fromEntries(known)).toEqual({ [T1]: 3, [T2]: 1, [T3]: 0 });
    expect(await readMatchingTraceIds(q, 'default', {}, 10)).toEqual([T1, T2]);
    expect(await readMatchingTraceIds(q, 'default', { service: 'search' }, 10)).toEqual([T2]);
    expect(await readMatchingTraceIds(q, 'default', { model: 'claude-haiku-4-5' }, 10)).toEqual([T1]);
    expect(await readMatchingTraceIds(q, 'default', { from: new Date(NOW - 86_400_000) }, 10)).toEqual([T1]);
    expect(await readMatchingTraceIds(q, 'default', { to: new Date(NOW - 86_400_000) }, 10)).toEqual([T2]);
    expect(await readMatchingTraceIds(q, 'other', {}, 10)).toEqual([]);
  });

  it('stores a set with one result per LLM call, the original copied in, in trace then start order', async () => {
    await seed();
    const set = await insertReplaySet(q, { projectId: 'default', replayId: 'set-1', name: 'n', description: null, capture: { trace_ids: [T2, T1] }, traceIds: [T2, T1], operations: CHAT });
    expect(set).toMatchObject({ status: 'pending', total_traces: 2, total_calls: 4, mode: null, run_count: 0 });
    const results = await readResults(q, 'default', 'set-1');
    expect(results.map((r) => [r.trace_id, r.span_id, r.position, r.status])).toEqual([
      [T2, sid(5), 1, 'pending'],
      [T1, sid(2), 2, 'pending'],
      [T1, sid(1), 3, 'pending'],
      [T1, sid(3), 4, 'pending'],
    ]);
    expect(results[1]).toMatchObject({ original_provider: 'anthropic', original_model: 'claude-haiku-4-5', original_prompt: 'two', original_response: 'The capital of France is Paris.', original_latency_ms: 800, original_cost_usd: 0.00001 });
    expect(await readReplaySet(q, 'default', 'set-1')).toMatchObject({ completed_traces: 0, completed_calls: 0, failed_calls: 0 });
    expect(await readReplaySet(q, 'other', 'set-1')).toBeNull();
  });

  it('captures only calls of the given operations, and stores nothing when there is none', async () => {
    const embeddingsOnly = 'e'.repeat(32);
    await seedCalls(db.pool, [{ traceId: embeddingsOnly, spanId: sid(9), projectId: 'embeddings-project' }]);
    await db.pool.query(`UPDATE spans SET operation = 'embeddings' WHERE project_id = 'embeddings-project'`);
    const none = await insertReplaySet(q, { projectId: 'embeddings-project', replayId: 'set-e', name: 'e', description: null, capture: {}, traceIds: [embeddingsOnly], operations: CHAT });
    expect(none).toBeNull();
    expect((await db.pool.query(`SELECT count(*)::int AS n FROM replay_sets WHERE replay_id = 'set-e'`)).rows[0].n).toBe(0);
    const withEmbeddings = await insertReplaySet(q, { projectId: 'embeddings-project', replayId: 'set-e2', name: 'e', description: null, capture: {}, traceIds: [embeddingsOnly], operations: ['chat', 'embeddings'] });
    expect(withEmbeddings).toMatchObject({ total_calls: 1 });
  });

  it('lets two replicas claim a run at once without sharing a result, and writes only under a live claim', async () => {
    await seed();
    await insertReplaySet(q, { projectId: 'default', replayId: 'set-2', name: 'claims', description: null, capture: {}, traceIds: [T1, T2], operations: CHAT });
    expect(await startReplayRun(q, { projectId: 'default', replayId: 'set-2', mode: 'simulation', settings: { concurrency: 2 } })).toMatchObject({ status: 'running', run_count: 1 });
    expect(await startReplayRun(q, { projectId: 'default', replayId: 'set-2', mode: 'simulation', settings: {} })).toBeNull();
    expect((await readRunningSets(q)).map((s) => s.replay_id)).toContain('set-2');

    // two pools: two replicas, each claiming in its own session at the same moment
    const other = new pg.Pool({ connectionString: db.url });
    const q2: Queryable = { rows: async (query) => (await other.query(query.text, query.values)).rows };
    const claim = { projectId: 'default', replayId: 'set-2', limit: 3, leaseMs: 60_000, maxClaims: 3 };
    const [a, b] = await Promise.all([claimResults(q, { ...claim, worker: 'a' }), claimResults(q2, { ...claim, worker: 'b' })]);
    await other.end();
    const claimed = [...a, ...b].map((r) => r.span_id).sort();
    expect(claimed).toEqual([sid(1), sid(2), sid(3), sid(5)]);
    expect(new Set([...a, ...b].map((r) => r.claim_token)).size).toBe(4);

    const [first, ...rest] = [...a, ...b];
    expect(await writeOutcomes(q, [{ claimToken: first!.claim_token!, status: 'completed', outcome: { replay_response: 'r', semantic_score: 0.9, dropped_parameters: ['temperature'], diff: { text: 'x' } } }])).toEqual([first!.claim_token]);
    // a second write under the same (now spent) claim changes nothing
    expect(await writeOutcomes(q, [{ claimToken: first!.claim_token!, status: 'failed', outcome: {} }])).toEqual([]);
    await renewClaims(q, rest.map((r) => r.claim_token!), 60_000);
    expect(await releaseClaims(q, rest.map((r) => r.claim_token!))).toBe(3);
    const after = await readResults(q, 'default', 'set-2');
    const done = after.find((r) => r.span_id === first!.span_id)!;
    expect(done).toMatchObject({ status: 'completed', replay_response: 'r', semantic_score: 0.9, dropped_parameters: ['temperature'], diff: { text: 'x' }, claim_token: null });
    expect(after.filter((r) => r.status === 'pending').every((r) => r.claims === 0)).toBe(true);
    expect(await finishReplayRun(q, { projectId: 'default', replayId: 'set-2', runCount: 1, status: 'completed', summary: {} })).toBe(false);
  });

  it('takes over a claim whose lease ran out, fails one claimed too often, and ends the run once nothing is left', async () => {
    await seed();
    await insertReplaySet(q, { projectId: 'default', replayId: 'set-3', name: 'leases', description: null, capture: {}, traceIds: [T1], operations: CHAT });
    await startReplayRun(q, { projectId: 'default', replayId: 'set-3', mode: 'live', settings: {} });
    const claim = { projectId: 'default', replayId: 'set-3', worker: 'w', limit: 10, maxClaims: 2 };
    expect(await claimResults(q, { ...claim, leaseMs: 0 })).toHaveLength(3);
    const again = await claimResults(q, { ...claim, leaseMs: 0 });
    expect(again.map((r) => r.claims)).toEqual([2, 2, 2]);
    // claimed twice and lost twice: failed as interrupted, nothing left to claim
    expect(await claimResults(q, { ...claim, leaseMs: 60_000 })).toEqual([]);
    const results = await readResults(q, 'default', 'set-3');
    expect(results.map((r) => [r.status, r.error_code])).toEqual([['failed', 'interrupted'], ['failed', 'interrupted'], ['failed', 'interrupted']]);
    expect(await readReplaySet(q, 'default', 'set-3')).toMatchObject({ completed_traces: 1, completed_calls: 3, failed_calls: 3 });
    expect(await finishReplayRun(q, { projectId: 'default', replayId: 'set-3', runCount: 2, status: 'failed', summary: {} })).toBe(false);
    expect(await finishReplayRun(q, { projectId: 'default', replayId: 'set-3', runCount: 1, status: 'failed', summary: { regressions: 0 } })).toBe(true);
    expect(await readReplaySet(q, 'default', 'set-3')).toMatchObject({ status: 'failed', summary: { regressions: 0 } });
    const listed = await listReplaySets(q, 'default', 10);
    expect(listed.map((s) => s.replay_id)).toEqual(['set-3', 'set-2', 'set-1']);
  });
});

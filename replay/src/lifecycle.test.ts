/** Runs survive their replicas: a stop gives calls back, a restart resumes, replicas share a run, and no run stays running forever. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimResults, startReplayRun, type Queryable } from '@lumina/db';
import { createTestDatabase, type TestDatabase } from '@lumina/db/testing';
import { seedCalls } from '@lumina/db/testing/seed';
import pg from 'pg';
import { lastUserText, startLlmStandIn, type LlmStandIn, type StandInStep } from '../../test/support/llm-stand-in.js';
import { waitFor } from '../../test/support/wait.js';
import { call, startTestReplay, type TestReplay } from '../testing/test-replay.js';

const trace = (group: number, n: number) => `${group.toString(16)}${n.toString(16).padStart(31, '0')}`;
const span = (group: number, n: number) => `${group.toString(16)}${n.toString(16).padStart(15, '0')}`;

let db: TestDatabase;
let pool: pg.Pool;
let q: Queryable;
let standIn: LlmStandIn;
/** what the stand-in does with each prompt right now */
let answer: (prompt: string) => StandInStep | undefined = () => undefined;
const replicas: TestReplay[] = [];

async function replica(env: Record<string, string> = {}): Promise<TestReplay> {
  const started = await startTestReplay(db.url, { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: standIn.openAiBaseUrl, REPLAY_LEASE_MS: '60000', ...env });
  replicas.push(started);
  return started;
}

async function seedGroup(group: number, calls: number): Promise<string[]> {
  const seeds = Array.from({ length: calls }, (_, n) => ({ traceId: trace(group, n + 1), spanId: span(group, n + 1), prompt: `group ${group} call ${n + 1}`, response: `echo: group ${group} call ${n + 1}` }));
  await seedCalls(pool, seeds);
  return seeds.map((seed) => seed.traceId);
}

const resultRows = async (replayId: string) =>
  (await pool.query('SELECT span_id, status, claims, claimed_by, error_code, replay_response FROM replay_results WHERE replay_id = $1 ORDER BY position', [replayId])).rows;
const setStatus = async (replay: TestReplay, replayId: string) => (await call(replay.url, 'GET', `/replay/${replayId}`)).body;

beforeAll(async () => {
  db = await createTestDatabase('lumina_replay_lifecycle');
  pool = new pg.Pool({ connectionString: db.url });
  q = { rows: async (query) => (await pool.query(query.text, query.values)).rows };
  standIn = await startLlmStandIn({ respond: (_api, body) => answer(lastUserText(body)) });
});
afterAll(async () => {
  for (const started of replicas) await started.stop();
  await standIn?.close();
  await pool?.end();
  await db?.drop();
});

describe('a replica that stops in the middle of a run', () => {
  it('gives its calls in flight back to the queue, and the next replica finishes the run', async () => {
    const ids = await seedGroup(1, 3);
    answer = () => ({ hang: true });
    const first = await replica({ REPLAY_STOP_GRACE_MS: '0', REPLAY_CALL_TIMEOUT_MS: '60000' });
    const { body: captured } = await call(first.url, 'POST', '/replay/capture', { name: 'interrupted', trace_ids: ids });
    expect((await call(first.url, 'POST', '/replay/run', { replay_id: captured.replay_id, concurrency: 3 })).status).toBe(202);
    await waitFor(async () => standIn.requestsTo('openai').length, (n) => n === 3, 20_000, 'three calls in flight');

    const again = await call(first.url, 'POST', '/replay/run', { replay_id: captured.replay_id });
    expect([again.status, again.body.error.code]).toEqual([409, 'replay_running']);

    await first.stop();
    expect((await resultRows(captured.replay_id)).map((r) => [r.status, r.claims])).toEqual([['pending', 0], ['pending', 0], ['pending', 0]]);
    expect((await pool.query('SELECT status FROM replay_sets WHERE replay_id = $1', [captured.replay_id])).rows[0].status).toBe('running');

    answer = () => undefined; // the provider answers again
    const second = await replica();
    const done = await waitFor(() => setStatus(second, captured.replay_id), (set) => set.status !== 'running', 20_000, 'the run resumed and finished');
    expect(done).toMatchObject({ status: 'completed', completed_calls: 3, failed_calls: 0 });
    expect((await resultRows(captured.replay_id)).map((r) => [r.status, r.replay_response])).toEqual([
      ['completed', 'echo: group 1 call 1'],
      ['completed', 'echo: group 1 call 2'],
      ['completed', 'echo: group 1 call 3'],
    ]);
    await second.stop();
  });
});

describe('a replica that died without a word', () => {
  it('is taken over once its leases run out: the run resumes on start-up', async () => {
    const ids = await seedGroup(2, 2);
    const probe = await replica();
    const { body: captured } = await call(probe.url, 'POST', '/replay/capture', { name: 'crashed', trace_ids: ids });
    await probe.stop();
    // what a killed replica leaves: a running set, its calls claimed, leases run out
    await startReplayRun(q, { projectId: 'default', replayId: captured.replay_id, mode: 'live', settings: { concurrency: 2 } });
    expect(await claimResults(q, { projectId: 'default', replayId: captured.replay_id, worker: 'dead-replica', limit: 10, leaseMs: 0, maxClaims: 3 })).toHaveLength(2);

    answer = () => undefined;
    const next = await replica();
    const done = await waitFor(() => setStatus(next, captured.replay_id), (set) => set.status !== 'running', 20_000, 'the run taken over');
    expect(done).toMatchObject({ status: 'completed', completed_calls: 2 });
    expect((await resultRows(captured.replay_id)).map((r) => [r.status, r.claims])).toEqual([['completed', 2], ['completed', 2]]);
    await next.stop();
  });

  it('resumes at once when it restarts under the same name, without waiting for its leases to run out', async () => {
    const ids = await seedGroup(5, 2);
    const probe = await replica();
    const { body: captured } = await call(probe.url, 'POST', '/replay/capture', { name: 'restarted', trace_ids: ids });
    await probe.stop();
    await startReplayRun(q, { projectId: 'default', replayId: captured.replay_id, mode: 'live', settings: {} });
    // killed mid-call: its leases still hold for a minute
    await claimResults(q, { projectId: 'default', replayId: captured.replay_id, worker: 'replay-host:8082', limit: 10, leaseMs: 60_000, maxClaims: 3 });

    answer = () => undefined;
    const restarted = await replica({ REPLAY_WORKER_ID: 'replay-host:8082' });
    const done = await waitFor(() => setStatus(restarted, captured.replay_id), (set) => set.status !== 'running', 20_000, 'the restarted replica resumed');
    expect(done).toMatchObject({ status: 'completed', completed_calls: 2 });
    expect((await resultRows(captured.replay_id)).map((r) => [r.status, r.claimed_by])).toEqual([['completed', 'replay-host:8082'], ['completed', 'replay-host:8082']]);
    await restarted.stop();
  });

  it('never leaves a run running forever: a call whose replicas kept dying fails as interrupted, and the run ends', async () => {
    const ids = await seedGroup(3, 1);
    const probe = await replica();
    const { body: captured } = await call(probe.url, 'POST', '/replay/capture', { name: 'poison', trace_ids: ids });
    await probe.stop();
    await startReplayRun(q, { projectId: 'default', replayId: captured.replay_id, mode: 'live', settings: {} });
    for (let n = 0; n < 3; n += 1) await claimResults(q, { projectId: 'default', replayId: captured.replay_id, worker: `dead-${n}`, limit: 1, leaseMs: 0, maxClaims: 10 });

    const next = await replica({ REPLAY_MAX_CLAIMS: '3' });
    const done = await waitFor(() => setStatus(next, captured.replay_id), (set) => set.status !== 'running', 20_000, 'the run ended');
    expect(done).toMatchObject({ status: 'failed', failed_calls: 1, error: 'every call of the run failed; see the results for why' });
    expect((await resultRows(captured.replay_id)).map((r) => [r.status, r.error_code])).toEqual([['failed', 'interrupted']]);
    await next.stop();
  });
});

describe('two replicas on one run', () => {
  it('share its calls, and each call is replayed exactly once', async () => {
    const ids = await seedGroup(4, 10);
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    answer = (prompt) => (prompt.startsWith('group 4 ') ? { reply: {}, waitFor: gate } : undefined);
    standIn.reset();
    const a = await replica();
    const b = await replica();
    const { body: captured } = await call(a.url, 'POST', '/replay/capture', { name: 'shared', trace_ids: ids });
    expect((await call(a.url, 'POST', '/replay/run', { replay_id: captured.replay_id, concurrency: 2 })).status).toBe(202);
    // held until both replicas have calls in flight
    await waitFor(
      async () => (await pool.query(`SELECT count(DISTINCT claimed_by)::int AS n FROM replay_results WHERE replay_id = $1 AND status = 'running'`, [captured.replay_id])).rows[0].n,
      (n) => n === 2,
      20_000,
      'both replicas working on the run',
    );
    release();
    const done = await waitFor(() => setStatus(b, captured.replay_id), (set) => set.status !== 'running', 20_000, 'the shared run finished');
    expect(done).toMatchObject({ status: 'completed', completed_calls: 10, failed_calls: 0 });
    const rows = await resultRows(captured.replay_id);
    expect(rows.every((r) => r.status === 'completed' && r.claims === 1)).toBe(true);
    expect(new Set(rows.map((r) => r.claimed_by)).size).toBe(2);
    const prompts = standIn.requestsTo('openai').map((request) => lastUserText(request.body)).filter((p) => p.startsWith('group 4 ')).sort();
    expect(prompts).toEqual(Array.from({ length: 10 }, (_, n) => `group 4 call ${n + 1}`).sort());
  });
});

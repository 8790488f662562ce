/** Live replays against the provider stand-in through the official SDKs: failures are results, and the run completes. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@lumina/db/testing';
import { seedCalls } from '@lumina/db/testing/seed';
import pg from 'pg';
import { lastUserText, startLlmStandIn, type LlmStandIn, type StandInStep } from '../../test/support/llm-stand-in.js';
import { call, startTestReplay, type TestReplay } from '../testing/test-replay.js';

const PROMPTS = ['fine one', 'fine two', 'limited once', 'hangs', 'malformed json', 'always 500', 'limited for two minutes'] as const;
const traceOf = (n: number) => (n + 1).toString(16).padStart(32, 'a');
const spanOf = (n: number) => (n + 1).toString(16).padStart(16, '0');

let db: TestDatabase;
let standIn: LlmStandIn;
let replay: TestReplay;
const seen = new Map<string, number>();

/** Each prompt fails its own way, whatever order the concurrent calls arrive in. */
function respond(_api: string, body: unknown): StandInStep | undefined {
  const prompt = lastUserText(body);
  const count = (seen.get(prompt) ?? 0) + 1;
  seen.set(prompt, count);
  switch (prompt) {
    case 'limited once':
      return count === 1 ? { status: 429, retryAfter: '0', message: 'Rate limit reached' } : { reply: { text: 'answered after the limit' } };
    case 'hangs':
      return { hang: true };
    case 'malformed json':
      return { malformed: true };
    case 'always 500':
      return { status: 500 };
    case 'limited for two minutes':
      return { status: 429, retryAfter: '120' };
    default:
      return undefined;
  }
}

beforeAll(async () => {
  db = await createTestDatabase('lumina_replay_failures');
  const pool = new pg.Pool({ connectionString: db.url });
  await seedCalls(pool, PROMPTS.map((prompt, n) => ({ traceId: traceOf(n), spanId: spanOf(n), prompt, response: `echo: ${prompt}`, model: 'gpt-4o-mini' })));
  await pool.end();
  standIn = await startLlmStandIn({ respond });
  replay = await startTestReplay(db.url, {
    OPENAI_API_KEY: 'sk-test',
    OPENAI_BASE_URL: standIn.openAiBaseUrl,
    REPLAY_CALL_TIMEOUT_MS: '500',
    REPLAY_MAX_RETRIES: '2',
    REPLAY_MAX_RETRY_AFTER_MS: '5000',
  });
});
afterAll(async () => {
  await replay?.stop();
  await standIn?.close();
  await db?.drop();
});

describe('a live run whose provider fails in every way', () => {
  it('completes: 429 then 200 succeeds after a retry, the timeout, malformed JSON, 5xx and a too long Retry-After are failed results', async () => {
    const { body: captured } = await call(replay.url, 'POST', '/replay/capture', { name: 'failures', trace_ids: PROMPTS.map((_, n) => traceOf(n)) });
    const run = await call(replay.url, 'POST', '/replay/run?wait=true', { replay_id: captured.replay_id, concurrency: 4 });
    expect(run.status).toBe(200);
    expect(run.body).toMatchObject({ status: 'completed', mode: 'live', total_calls: 7, completed_calls: 7, failed_calls: 4, completed_traces: 7 });
    expect(run.body.summary.failed_calls).toBe(4);

    const { body: diff } = await call(replay.url, 'GET', `/replay/${captured.replay_id}/diff`);
    const byPrompt = new Map(diff.results.map((r: any) => [r.original_prompt, r]));
    const outcome = (prompt: string) => {
      const r = byPrompt.get(prompt) as any;
      return { status: r.status, code: r.error?.code ?? null, retries: r.retries, response: r.replay_response };
    };
    expect(outcome('fine one')).toEqual({ status: 'completed', code: null, retries: 0, response: 'echo: fine one' });
    expect(outcome('fine two')).toEqual({ status: 'completed', code: null, retries: 0, response: 'echo: fine two' });
    expect(outcome('limited once')).toEqual({ status: 'completed', code: null, retries: 1, response: 'answered after the limit' });
    expect(outcome('hangs')).toEqual({ status: 'failed', code: 'provider_timeout', retries: 0, response: null });
    expect(outcome('malformed json')).toEqual({ status: 'failed', code: 'malformed_provider_response', retries: 0, response: null });
    expect(outcome('always 500')).toEqual({ status: 'failed', code: 'provider_error', retries: 2, response: null });
    expect(outcome('limited for two minutes')).toEqual({ status: 'failed', code: 'rate_limited', retries: 0, response: null });
    expect((byPrompt.get('always 500') as any).error.message).toMatch(/500/);

    // what the provider saw: one request per attempt, nothing more
    expect(Object.fromEntries(seen)).toEqual({
      'fine one': 1,
      'fine two': 1,
      'limited once': 2,
      hangs: 1,
      'malformed json': 1,
      'always 500': 3,
      'limited for two minutes': 1,
    });
    // review order: the one regression (its answer changed), then the failures, then the rest
    expect(diff.results.map((r: any) => [r.original_prompt, r.status, r.regression])).toEqual([
      ['limited once', 'completed', true],
      ['hangs', 'failed', false],
      ['malformed json', 'failed', false],
      ['always 500', 'failed', false],
      ['limited for two minutes', 'failed', false],
      ['fine one', 'completed', false],
      ['fine two', 'completed', false],
    ]);
    expect(run.body.summary.regressions).toBe(1);
    // successful replays are priced like the processors price calls
    expect((byPrompt.get('fine one') as any).replay_cost_usd).toBeGreaterThan(0);
  });
});

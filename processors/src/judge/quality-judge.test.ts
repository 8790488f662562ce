import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@lumina/db/testing';
import { seedCalls } from '@lumina/db/testing/seed';
import { startLlmStandIn, type LlmStandIn } from '../../../test/support/llm-stand-in.js';
import { createJudgeClient } from './judge-client.js';
import { openJudgeStore, type JudgeStore } from './judge-store.js';
import { createQualityJudge, type JudgeOutcome, type JudgeTask } from './quality-judge.js';

const logger = pino({ level: 'silent' });
let db: TestDatabase;
let pool: pg.Pool;
let standIn: LlmStandIn;
let store: JudgeStore;
const startMs = Date.now() - 120_000;

const task = (n: number): JudgeTask => ({
  projectId: 'default',
  traceId: `${n}`.padStart(32, 'a'),
  spanId: `${n}`.padStart(16, 'b'),
  startUs: (startMs + n) * 1000,
  prompt: `question ${n}`,
  systemPrompt: null,
  response: `answer ${n}`,
  localScore: 0.5,
  signals: { response_length: { score: 0.5, detail: 'length_ratio:0.01' } },
});

beforeAll(async () => {
  db = await createTestDatabase('lumina_judge');
  pool = new pg.Pool({ connectionString: db.url });
  await seedCalls(pool, [1, 2, 3].map((n) => ({ traceId: task(n).traceId, spanId: task(n).spanId, startMs: startMs + n, response: `answer ${n}`, qualityScore: 0.5 })));
  standIn = await startLlmStandIn({ defaultReply: { text: '{"score": 0.9, "reason": "fine"}' } });
  store = openJudgeStore({ redisUrl: 'redis://127.0.0.1:6379', keyPrefix: `lumina-test:judge:${Date.now()}:${Math.random()}:`, ttlSeconds: 60 }, logger);
});

afterAll(async () => {
  await store?.close();
  await standIn?.close();
  await pool?.end();
  await db?.drop();
});

describe('the quality judge', () => {
  it('keeps to its budget per minute, serves repeats from Redis, and writes the verdict back once with a rollup delta', async () => {
    const outcomes: JudgeOutcome[] = [];
    const client = createJudgeClient({ anthropicApiKey: 'test', anthropicBaseUrl: standIn.anthropicBaseUrl, timeoutMs: 5000 })!;
    const judge = createQualityJudge({ client, store, db: pool, logger, maxPerMinute: 1, queueMax: 10, concurrency: 1, now: () => 1_000_000_000_000, onOutcome: (outcome) => outcomes.push(outcome) });
    for (const n of [1, 2, 3]) judge.offer(task(n));
    await judge.idle();
    expect(outcomes).toEqual(['judged', 'over_budget', 'over_budget']);
    expect(standIn.requestsTo('anthropic')).toHaveLength(1);

    judge.offer(task(1));
    await judge.idle();
    expect(outcomes.at(-1)).toBe('cache_hit');
    expect(standIn.requestsTo('anthropic')).toHaveLength(1);
    await judge.stop();

    const spans = await pool.query<{ span_id: string; quality_score: number; quality_signals: Record<string, unknown> | null }>(
      'SELECT span_id, quality_score, quality_signals FROM spans ORDER BY span_id',
    );
    expect(spans.rows.map((row) => row.quality_score)).toEqual([0.9, 0.5, 0.5]);
    expect(spans.rows[0]!.quality_signals).toMatchObject({ judge: { score: 0.9 } });
    const deltas = await pool.query<{ quality_sum: number; quality_count: string }>('SELECT sum(quality_sum)::float8 AS quality_sum, sum(quality_count)::text AS quality_count FROM span_rollup_deltas');
    // 3 calls scored 0.5 at storage, one moved to 0.9 once (the cache hit found it judged already)
    expect(deltas.rows[0]!.quality_sum).toBeCloseTo(1.9, 5);
    expect(deltas.rows[0]!.quality_count).toBe('3');
    const trace = await pool.query<{ quality_score: number }>('SELECT quality_score FROM traces WHERE trace_id = $1', [task(1).traceId]);
    expect(trace.rows[0]!.quality_score).toBeCloseTo(0.9, 5);
  });
});

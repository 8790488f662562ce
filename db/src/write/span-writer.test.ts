import pg from 'pg';
import type { SpanRecord } from '@lumina/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../testing/test-database.js';
import { seedCallRecord } from '../../testing/seed-calls.js';
import { createSpanWriter, type SpanWriter } from './span-writer.js';

/**
 * The writer's two paths: a first delivery COPYed straight in, and the staged, idempotent path
 * a batch takes when some span is stored already. Exactly-once under crashes and redeliveries
 * through the processors is proven in processors/src/processor.test.ts and test/cluster.test.ts.
 */
let db: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  db = await createTestDatabase('lumina_span_writer');
});
afterAll(async () => {
  await db?.drop();
});

/** A writer on a pool of one session, as the processors' bulk lane writes (PROCESSOR_WRITE_CONCURRENCY 1). */
async function withWriter(work: (writer: SpanWriter, pool: pg.Pool) => Promise<void>): Promise<void> {
  const pool = new pg.Pool({ connectionString: db.url, max: 1 });
  try {
    await work(createSpanWriter(pool), pool);
  } finally {
    await pool.end();
  }
}

describe('the span writer', () => {
  it('indexes a call the processors could tokenize at once, queues one they could not, and counts every span once on either path', async () => {
    await withWriter(async (writer, pool) => {
      const plain = seedCallRecord({ traceId: 'a'.repeat(32), spanId: '1'.repeat(16), prompt: 'Where is my refund?', response: 'It was sent yesterday.' });
      const hyphen = seedCallRecord({ traceId: 'b'.repeat(32), spanId: '2'.repeat(16), prompt: 'A well-known refund question', response: 'Sure.' });
      const noText = seedCallRecord({ traceId: 'c'.repeat(32), spanId: '3'.repeat(16), prompt: null, response: null });
      expect((await writer.write([plain, hyphen, noText])).inserted).toBe(3);
      const indexed = await pool.query<{ span_id: string; matches: boolean }>(
        `SELECT span_id, document @@ lumina_search_query('my refund') AS matches FROM span_search ORDER BY span_id`,
      );
      expect(indexed.rows).toEqual([{ span_id: plain.spanId, matches: true }]);
      const queued = await pool.query<{ span_id: string }>('SELECT span_id FROM span_search_queue ORDER BY span_id');
      // A call without text is queued as before (the indexer skips it); the hyphenated text waits for Postgres.
      expect(queued.rows.map((row) => row.span_id)).toEqual([hyphen.spanId, noText.spanId]);
      // The same spans again as a first delivery (a client that exported twice): the direct COPY
      // meets them, rolls back, and the staged path stores and counts only the new one.
      const fresh = seedCallRecord({ traceId: 'a'.repeat(32), spanId: '4'.repeat(16), prompt: 'And my refund again?', response: 'Sent.' });
      expect((await writer.write([plain, hyphen, noText, fresh])).inserted).toBe(1);
      expect((await writer.write([plain, hyphen, noText, fresh], [], { mayBeStored: true })).inserted).toBe(0);
      // Both documents arrived in COPY binary format from the processors' tokenizer, and equal Postgres' own.
      const documents = await pool.query<{ span_id: string; same: boolean }>(
        `SELECT d.span_id, d.document = lumina_search_document(s.prompt, s.response) AS same
         FROM span_search d JOIN spans s USING (project_id, trace_id, span_id, start_time) ORDER BY d.span_id`,
      );
      expect(documents.rows).toEqual([{ span_id: plain.spanId, same: true }, { span_id: fresh.spanId, same: true }]);
      const traces = await pool.query<{ trace_id: string; span_count: number; llm_call_count: number }>(
        'SELECT trace_id, span_count, llm_call_count FROM traces ORDER BY trace_id',
      );
      expect(traces.rows).toEqual([
        { trace_id: plain.traceId, span_count: 2, llm_call_count: 2 },
        { trace_id: hyphen.traceId, span_count: 1, llm_call_count: 1 },
        { trace_id: noText.traceId, span_count: 1, llm_call_count: 1 },
      ]);
      const rollups = await pool.query<{ n: string }>('SELECT sum(span_count) AS n FROM span_rollup_deltas');
      expect(Number(rollups.rows[0]!.n)).toBe(4);
    });
  });

  it('summarizes a trace alike on either path: the service of its root, the earliest user and session, models and providers sorted once each', async () => {
    await withWriter(async (writer, pool) => {
      const t0 = Date.UTC(2026, 11, 3, 12);
      // A trace's spans out of order: a child starts before its root, and carries the earliest user and session.
      const trace = (id: string): SpanRecord[] => [
        { ...seedCallRecord({ traceId: id, spanId: '1'.repeat(16), service: 'worker', startMs: t0 + 3, model: 'gpt-4o', provider: 'openai' }), parentSpanId: '0'.repeat(16), userId: 'late-user', sessionId: null, tags: ['b', 'a'] },
        { ...seedCallRecord({ traceId: id, spanId: '0'.repeat(16), service: 'api', startMs: t0 + 2, isLlm: false }), userId: null, sessionId: 'root-session', tags: ['c'] },
        { ...seedCallRecord({ traceId: id, spanId: '2'.repeat(16), service: 'worker', startMs: t0 + 1, model: 'claude-sonnet-4-5', provider: 'anthropic' }), parentSpanId: '0'.repeat(16), userId: 'early-user', sessionId: 'early-session', tags: ['a'] },
        { ...seedCallRecord({ traceId: id, spanId: '3'.repeat(16), service: 'worker', startMs: t0 + 4, model: 'gpt-4o', provider: 'openai' }), parentSpanId: '0'.repeat(16) },
      ];
      const direct = 'd1'.repeat(16);
      const staged = 's1'.repeat(16);
      const lone = 'l1'.repeat(16);
      expect((await writer.write(trace(direct))).inserted).toBe(4);
      expect((await writer.write(trace(staged), [], { mayBeStored: true })).inserted).toBe(4);
      // A lone call (its own root): its own service and model.
      expect((await writer.write([{ ...seedCallRecord({ traceId: lone, spanId: '9'.repeat(16), service: 'cron', model: 'gpt-4o-mini' }), userId: 'u' }])).inserted).toBe(1);
      const summaries = await pool.query(
        `SELECT trace_id, service_name, root_span_name, has_root, span_count, llm_call_count, models, providers, user_id, session_id, tags
         FROM traces WHERE trace_id = ANY($1) ORDER BY trace_id`,
        [[direct, staged, lone]],
      );
      const expected = { service_name: 'api', root_span_name: 'work', has_root: true, span_count: 4, llm_call_count: 3, models: ['claude-sonnet-4-5', 'gpt-4o'], providers: ['anthropic', 'openai'], user_id: 'early-user', session_id: 'early-session', tags: ['a', 'b', 'c'] };
      expect(summaries.rows).toEqual([
        { trace_id: direct, ...expected },
        { trace_id: lone, service_name: 'cron', root_span_name: 'chat gpt-4o-mini', has_root: true, span_count: 1, llm_call_count: 1, models: ['gpt-4o-mini'], providers: ['openai'], user_id: 'u', session_id: null, tags: [] },
        { trace_id: staged, ...expected },
      ]);
    });
  });

  it('writes batches that wait for its one session with their own COPY text, each span once, a repeated one through the staged path', async () => {
    // As the processors' bulk lane runs it: more batches in flight than sessions.
    await withWriter(async (writer, pool) => {
      const call = (trace: string, span: number) =>
        seedCallRecord({ traceId: trace.repeat(32), spanId: String(span).padStart(16, '0'), prompt: `question ${trace}${span}`, response: `answer ${span}` });
      const first = [1, 2, 3].map((span) => call('d', span));
      const second = [1, 2].map((span) => call('e', span));
      // The third repeats a span of the first: whichever of the two comes second meets it stored and falls back.
      const third = [first[0]!, call('f', 1)];
      const written = await Promise.all([writer.write(first), writer.write(second), writer.write(third)]);
      expect(written.reduce((sum, each) => sum + each.inserted, 0)).toBe(6);
      const traces = await pool.query<{ trace_id: string; span_count: number; documents: string }>(
        `SELECT t.trace_id, t.span_count, (SELECT count(*) FROM span_search d WHERE d.trace_id = t.trace_id) AS documents
         FROM traces t WHERE t.trace_id = ANY($1) ORDER BY t.trace_id`,
        [['d', 'e', 'f'].map((trace) => trace.repeat(32))],
      );
      expect(traces.rows).toEqual([
        { trace_id: 'd'.repeat(32), span_count: 3, documents: '3' },
        { trace_id: 'e'.repeat(32), span_count: 2, documents: '2' },
        { trace_id: 'f'.repeat(32), span_count: 1, documents: '1' },
      ]);
    });
  });
});

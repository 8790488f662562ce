import { describe, expect, it } from 'vitest';
import { addConventionCounts, foldConventionDeltas, type ConventionCount } from '@lumina/db';
import { seededTestApi } from '../../testing/test-api.js';

const t = seededTestApi([]);

/** Report rows as the processors upsert them (their counting is tested through the pipeline). */
async function seedReport(): Promise<void> {
  const row = (scope: string, version: string, kind: string, name: string, source: string, count: number, flagged = false) =>
    t.pool.query(
      `INSERT INTO convention_stats (project_id, scope_name, scope_version, kind, name, source, span_count, flagged, example_trace_id, example_span_id, last_seen)
       VALUES ('default', $1, $2, $3, $4, $5, $6, $7, '4bf92f3577b34da6a3ce929d0e0e4736', '00f067aa0ba902b7', '2026-12-01T10:00:00Z')`,
      [scope, version, kind, name, source, count, flagged],
    );
  await row('openinference-langchain', '4.1.1', 'spans', '', '', 12);
  await row('openinference-langchain', '4.1.1', 'field', 'provider', 'price_catalog', 12);
  await row('openinference-langchain', '4.1.1', 'unmapped', 'metadata', '', 12);
  await row('openinference-langchain', '4.1.1', 'unmapped', 'llm.token_count.total', '', 9);
  await row('traceloop-openai', '0.27.0', 'spans', '', '', 3);
  await row('traceloop-openai', '0.27.0', 'unmapped', 'gen_ai.usage.total_tokens', '', 3, true);
  await row('traceloop-openai', '0.28.0', 'spans', '', '', 1);
  await t.pool.query(
    `INSERT INTO convention_stats (project_id, scope_name, scope_version, kind, name, source, span_count, example_trace_id, example_span_id, last_seen)
     VALUES ('other-project', 'secret-scope', '1', 'spans', '', '', 1, 'a', 'b', now())`,
  );
}

describe('GET /api/conventions', () => {
  it('lists each scope and version with its span count, field sources and unmapped keys (most seen first), for the caller’s project only', async () => {
    await seedReport();
    const { status, body } = await t.get('/api/conventions');
    expect(status).toBe(200);
    expect(body.data.map((scope: { scope_name: string; scope_version: string }) => `${scope.scope_name}@${scope.scope_version}`)).toEqual([
      'openinference-langchain@4.1.1',
      'traceloop-openai@0.27.0',
      'traceloop-openai@0.28.0',
    ]);
    expect(body.data[0]).toEqual({
      scope_name: 'openinference-langchain',
      scope_version: '4.1.1',
      span_count: 12,
      field_sources: [{ field: 'provider', source: 'price_catalog', span_count: 12 }],
      unmapped_keys: [
        { key: 'metadata', span_count: 12, flagged: false, example_trace_id: '4bf92f3577b34da6a3ce929d0e0e4736', example_span_id: '00f067aa0ba902b7', last_seen: '2026-12-01T10:00:00.000Z' },
        { key: 'llm.token_count.total', span_count: 9, flagged: false, example_trace_id: '4bf92f3577b34da6a3ce929d0e0e4736', example_span_id: '00f067aa0ba902b7', last_seen: '2026-12-01T10:00:00.000Z' },
      ],
    });
    expect(body.data[1].unmapped_keys[0]).toMatchObject({ key: 'gen_ai.usage.total_tokens', flagged: true });
    expect(body.pagination).toEqual({ limit: 50, next_cursor: null, has_more: false });
  });

  it('pages by scope with an opaque cursor, and filters by scope name', async () => {
    const first = await t.get('/api/conventions?limit=2');
    expect(first.body.data).toHaveLength(2);
    expect(first.body.pagination.has_more).toBe(true);
    const second = await t.get(`/api/conventions?limit=2&cursor=${first.body.pagination.next_cursor}`);
    expect(second.body.data.map((scope: { scope_version: string }) => scope.scope_version)).toEqual(['0.28.0']);
    expect(second.body.pagination.has_more).toBe(false);
    const filtered = await t.get('/api/conventions?scope=traceloop-openai');
    expect(filtered.body.data).toHaveLength(2);
  });

  it('answers 400 with the error body for a bad cursor, limit or unknown parameter', async () => {
    for (const query of ['cursor=not-a-cursor', 'limit=0', 'colour=blue']) {
      const { status, body } = await t.get(`/api/conventions?${query}`);
      expect(status, query).toBe(400);
      expect(body.error.code, query).toBeTypeOf('string');
      expect(body.error.message, query).toBeTypeOf('string');
    }
  });

  it('counts what the processors appended before upkeep folds it, and the same after: counts added, the latest example kept', async () => {
    const count = (spanCount: number, exampleSpanId: string, flagged = false): ConventionCount => ({
      projectId: 'default', scopeName: 'zz-deltas', scopeVersion: '1', kind: 'unmapped', name: 'gen_ai.custom', source: '', spanCount, flagged, exampleTraceId: 'ab', exampleSpanId,
    });
    const client = await t.pool.connect();
    try {
      await addConventionCounts(client, [count(2, 's1'), { ...count(5, 's1'), kind: 'spans', name: '' }]);
      await addConventionCounts(client, [count(3, 's2', true)]);
    } finally {
      client.release();
    }
    const report = async () => (await t.get('/api/conventions?scope=zz-deltas')).body.data;
    const before = await report();
    expect(before).toHaveLength(1);
    expect(before[0]).toMatchObject({ span_count: 5, unmapped_keys: [{ key: 'gen_ai.custom', span_count: 5, flagged: true, example_span_id: 's2' }] });
    expect(await foldConventionDeltas(t.pool)).toBe(3);
    expect((await t.pool.query('SELECT count(*)::int AS n FROM convention_stat_deltas')).rows[0].n).toBe(0);
    expect(await report()).toEqual(before);
    // Folded rows and new deltas add up.
    const again = await t.pool.connect();
    await addConventionCounts(again, [count(1, 's3')]).finally(() => again.release());
    expect((await report())[0].unmapped_keys[0]).toMatchObject({ span_count: 6, flagged: false, example_span_id: 's3' });
  });
});

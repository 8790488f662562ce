import { describe, expect, it } from 'vitest';
import { seedCallRecord } from '@lumina/db/testing/seed';
import { conventionCounts } from './conventions.js';
import type { SpanWork } from './stage.js';

function llmSpan(spanId: string, projectId: string, scopeVersion: string, fieldSources: Record<string, string>, unmappedKeys: string[] | null): SpanWork {
  const record = { ...seedCallRecord({ traceId: 'f'.repeat(32), spanId, projectId }), fieldSources };
  return { llm: null, record, scope: { name: 'openllmetry', version: scopeVersion }, unmappedKeys };
}

describe('convention counts of a batch', () => {
  it('counts spans, field sources and unmapped keys per project and scope, in first-seen order, with the first span as example', () => {
    const spans = [
      llmSpan('0000000000000001', 'p1', '1.0', { model: 'gen_ai.request.model', provider: 'gen_ai.system' }, ['gen_ai.usage.total_tokens', 'app.tenant']),
      llmSpan('0000000000000002', 'p1', '1.0', { model: 'gen_ai.response.model', provider: 'gen_ai.system' }, ['app.tenant']),
      llmSpan('0000000000000003', 'p1', '2.0', { model: 'gen_ai.request.model' }, []),
      llmSpan('0000000000000004', 'p2', '1.0', { model: 'gen_ai.request.model' }, ['app.tenant']),
      llmSpan('0000000000000005', 'p1', '1.0', { model: 'gen_ai.request.model' }, null), // not read as an LLM span
    ];
    const rows = conventionCounts(spans).map((c) => [c.projectId, c.scopeVersion, c.kind, c.name, c.source, c.spanCount, c.flagged, c.exampleSpanId.slice(-1)]);
    expect(rows).toEqual([
      ['p1', '1.0', 'spans', '', '', 2, false, '1'],
      ['p1', '1.0', 'field', 'model', 'gen_ai.request.model', 1, false, '1'],
      ['p1', '1.0', 'field', 'provider', 'gen_ai.system', 2, false, '1'],
      ['p1', '1.0', 'unmapped', 'gen_ai.usage.total_tokens', '', 1, true, '1'],
      ['p1', '1.0', 'unmapped', 'app.tenant', '', 2, false, '1'],
      ['p1', '1.0', 'field', 'model', 'gen_ai.response.model', 1, false, '2'],
      ['p1', '2.0', 'spans', '', '', 1, false, '3'],
      ['p1', '2.0', 'field', 'model', 'gen_ai.request.model', 1, false, '3'],
      ['p2', '1.0', 'spans', '', '', 1, false, '4'],
      ['p2', '1.0', 'field', 'model', 'gen_ai.request.model', 1, false, '4'],
      ['p2', '1.0', 'unmapped', 'app.tenant', '', 1, false, '4'],
    ]);
  });
});

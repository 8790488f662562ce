/**
 * The mapping report's counts for one batch (GET /api/conventions): per project and
 * instrumentation scope, the LLM spans seen, which source gave each field, and the
 * attribute keys no mapping read, each with an example span. Aggregated here so the
 * database takes one upsert per batch.
 */
import { isUnknownGenAiKey } from '@lumina/core';
import type { ConventionCount } from '@lumina/db';
import type { SpanWork } from './stage.js';

type Kind = ConventionCount['kind'];

/** Adds one span to the batch's counts. */
function count(counts: Map<string, ConventionCount>, span: SpanWork, kind: Kind, name: string, source: string): void {
  const { record, scope } = span;
  const key = `${record.projectId}\u0000${scope.name}\u0000${scope.version}\u0000${kind}\u0000${name}\u0000${source}`;
  const known = counts.get(key);
  if (known) {
    known.spanCount += 1;
    return;
  }
  counts.set(key, {
    projectId: record.projectId,
    scopeName: scope.name,
    scopeVersion: scope.version,
    kind,
    name,
    source,
    spanCount: 1,
    flagged: kind === 'unmapped' && isUnknownGenAiKey(name),
    exampleTraceId: record.traceId,
    exampleSpanId: record.spanId,
  });
}

/** The counts of the LLM spans (normalization read them as such) of a batch. */
export function conventionCounts(spans: Iterable<SpanWork>): ConventionCount[] {
  const counts = new Map<string, ConventionCount>();
  for (const span of spans) {
    if (span.unmappedKeys === null) continue;
    count(counts, span, 'spans', '', '');
    for (const [field, source] of Object.entries(span.record.fieldSources ?? {})) count(counts, span, 'field', field, source);
    for (const key of span.unmappedKeys) count(counts, span, 'unmapped', key, '');
  }
  return [...counts.values()];
}

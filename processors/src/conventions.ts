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

/** One (project, scope)'s counts in a batch: spans, then field sources by field and source, then unmapped keys. */
interface ScopeCounts {
  spans: ConventionCount | null;
  fields: Map<string, Map<string, ConventionCount>>;
  unmapped: Map<string, ConventionCount>;
}

/**
 * A batch's counts, found through nested maps keyed by the span's own strings (no key string
 * built per span and field), listed in the order they were first seen.
 */
class BatchCounts {
  readonly all: ConventionCount[] = [];
  private readonly byProject = new Map<string, Map<string, Map<string, ScopeCounts>>>();

  scopeOf(span: SpanWork): ScopeCounts {
    const { record, scope } = span;
    let byName = this.byProject.get(record.projectId);
    if (!byName) this.byProject.set(record.projectId, (byName = new Map()));
    let byVersion = byName.get(scope.name);
    if (!byVersion) byName.set(scope.name, (byVersion = new Map()));
    let counts = byVersion.get(scope.version);
    if (!counts) byVersion.set(scope.version, (counts = { spans: null, fields: new Map(), unmapped: new Map() }));
    return counts;
  }

  /** A new count of 1 for the span (its example). */
  add(span: SpanWork, kind: Kind, name: string, source: string): ConventionCount {
    const { record, scope } = span;
    const count: ConventionCount = {
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
    };
    this.all.push(count);
    return count;
  }
}

/** Adds one span to the batch's counts. */
function countSpan(counts: BatchCounts, span: SpanWork, unmappedKeys: readonly string[]): void {
  const scope = counts.scopeOf(span);
  if (scope.spans) scope.spans.spanCount += 1;
  else scope.spans = counts.add(span, 'spans', '', '');
  const sources = span.record.fieldSources ?? {};
  for (const field in sources) {
    const source = sources[field]!;
    let bySource = scope.fields.get(field);
    if (!bySource) scope.fields.set(field, (bySource = new Map()));
    const known = bySource.get(source);
    if (known) known.spanCount += 1;
    else bySource.set(source, counts.add(span, 'field', field, source));
  }
  for (const key of unmappedKeys) {
    const known = scope.unmapped.get(key);
    if (known) known.spanCount += 1;
    else scope.unmapped.set(key, counts.add(span, 'unmapped', key, ''));
  }
}

/** The counts of the LLM spans (normalization read them as such) of a batch. */
export function conventionCounts(spans: Iterable<SpanWork>): ConventionCount[] {
  const counts = new BatchCounts();
  for (const span of spans) if (span.unmappedKeys !== null) countSpan(counts, span, span.unmappedKeys);
  return counts.all;
}

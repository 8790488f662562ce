import { describe, expect, it } from 'vitest';
import { reconcileStream, type ExistingStreamConfig } from './stream-reconcile.js';
import { SPANS_STREAM_DEFAULTS, spansStreamSpec } from './stream-spec.js';

const HOUR_NANOS = 3600 * 1_000_000_000;
const operatorStream = (over: Partial<ExistingStreamConfig> = {}): ExistingStreamConfig => ({
  subjects: ['lumina.spans.otlp', 'lumina.spans.otlp.express'],
  retention: 'workqueue',
  discard: 'old',
  max_age: 24 * HOUR_NANOS,
  max_bytes: 5_000_000,
  max_msgs: 1000,
  ...over,
});

describe('reconcileStream', () => {
  it('always applies what protects acknowledged data, and says so', () => {
    const plan = reconcileStream(operatorStream(), spansStreamSpec('S', 'lumina.spans.otlp'));
    expect(plan.update).toEqual({ discard: 'new', max_age: 0 });
    expect(plan.changed.map((note) => `${note.setting}: ${note.from} -> ${note.to}`)).toEqual(['discard: old -> new', `max_age: ${24 * HOUR_NANOS} -> none`]);
    expect(plan.problems).toEqual([]);
  });

  it("keeps the operator's own byte and message limits unless Lumina's are configured", () => {
    const kept = reconcileStream(operatorStream(), spansStreamSpec('S', 'lumina.spans.otlp'));
    expect(kept.kept.map((note) => note.setting)).toEqual(['max_bytes', 'max_msgs']);
    expect(kept.kept[0]!.why).toContain(String(SPANS_STREAM_DEFAULTS.maxBytes));
    const configured = reconcileStream(operatorStream(), spansStreamSpec('S', 'lumina.spans.otlp', { maxBytes: 9_000_000 }));
    expect(configured.update).toMatchObject({ max_bytes: 9_000_000 });
    expect(configured.update).not.toHaveProperty('max_msgs');
    expect(configured.changed.map((note) => note.setting)).toContain('max_bytes');
  });

  it('changes the replica count only when configured, and keeps a cluster stream\'s own otherwise', () => {
    const kept = reconcileStream(operatorStream({ discard: 'new', max_age: 0, num_replicas: 3 }), spansStreamSpec('S', 'lumina.spans.otlp', { maxBytes: 5_000_000, maxMsgs: 1000 }));
    expect(kept.update).toEqual({});
    expect(kept.kept.map((note) => `${note.setting} ${note.from}`)).toEqual(['num_replicas 3']);
    const scaled = reconcileStream(operatorStream({ discard: 'new', max_age: 0 }), spansStreamSpec('S', 'lumina.spans.otlp', { maxBytes: 5_000_000, maxMsgs: 1000, replicas: 3 }));
    expect(scaled.update).toEqual({ num_replicas: 3 });
    expect(scaled.changed.map((note) => `${note.setting}: ${note.from} -> ${note.to}`)).toEqual(['num_replicas: 1 -> 3']);
  });

  it('adds our subjects to a stream that lacks them', () => {
    const plan = reconcileStream(operatorStream({ subjects: ['other.>'] }), spansStreamSpec('S', 'lumina.spans.otlp'));
    expect(plan.update.subjects).toEqual(['other.>', 'lumina.spans.otlp', 'lumina.spans.otlp.express']);
  });

  it('adds the express lane to a stream made before it, keeping its subject', () => {
    const plan = reconcileStream(operatorStream({ subjects: ['lumina.spans.otlp'], discard: 'new', max_age: 0 }), spansStreamSpec('S', 'lumina.spans.otlp'));
    expect(plan.update).toEqual({ subjects: ['lumina.spans.otlp', 'lumina.spans.otlp.express'] });
  });

  it('changes nothing on a stream that already matches', () => {
    const spec = spansStreamSpec('S', 'lumina.spans.otlp', { maxBytes: 5_000_000, maxMsgs: 1000 });
    const plan = reconcileStream(operatorStream({ discard: 'new', max_age: 0 }), spec);
    expect(plan).toEqual({ update: {}, changed: [], kept: [], problems: [] });
  });

  it('reports a retention it cannot change in place, and touches nothing else', () => {
    const plan = reconcileStream(operatorStream({ retention: 'limits' }), spansStreamSpec('S', 'lumina.spans.otlp'));
    expect(plan.problems).toHaveLength(1);
    expect(plan.problems[0]).toMatch(/retention is 'limits'.*'workqueue'/);
    expect(plan.update).toEqual({});
  });
});

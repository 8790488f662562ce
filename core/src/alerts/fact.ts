import type { SpanRecord } from '../span.js';

/**
 * What the alerter needs of one stored LLM call: the processors publish these after the
 * batch commits (one message a batch), so the alerter never decodes a payload again.
 */
export interface AlertFact {
  projectId: string;
  traceId: string;
  spanId: string;
  /** span start, epoch ms: windows go by event time */
  startMs: number;
  service: string;
  model: string | null;
  costUsd: number | null;
  latencyMs: number;
  error: boolean;
  /** in [0, 1]; null when the call has no quality score */
  qualityScore: number | null;
  userId: string | null;
  tags: string[];
}

/** The quality score of a record when the processors computed one (core/src/quality), read in this one place. */
export function qualityScoreOf(record: SpanRecord): number | null {
  const score = record.qualityScore;
  return typeof score === 'number' && Number.isFinite(score) ? score : null;
}

/** The fact of a stored span, or null for spans that are no LLM call. */
export function alertFactOf(record: SpanRecord): AlertFact | null {
  if (!record.isLlm) return null;
  return {
    projectId: record.projectId,
    traceId: record.traceId,
    spanId: record.spanId,
    startMs: Number(record.startTimeUnixNano / 1_000_000n),
    service: record.serviceName,
    model: record.model,
    costUsd: record.costUsd,
    latencyMs: record.latencyMs,
    error: record.status === 'error',
    qualityScore: qualityScoreOf(record),
    userId: record.userId,
    tags: record.tags,
  };
}

/** Compact wire form: one array per fact, field order below (v1). */
type WireFact = [string, string, string, number, string, string | null, number | null, number, 0 | 1, number | null, string | null, string[]];

/** Encodes a batch's facts as one message body (JSON, versioned). */
export function encodeAlertFacts(facts: AlertFact[]): Uint8Array {
  const wire: WireFact[] = facts.map((f) => [f.projectId, f.traceId, f.spanId, f.startMs, f.service, f.model, f.costUsd, f.latencyMs, f.error ? 1 : 0, f.qualityScore, f.userId, f.tags]);
  return new TextEncoder().encode(JSON.stringify({ v: 1, f: wire }));
}

/** Decodes a facts message; throws on anything that is not one. */
export function decodeAlertFacts(body: Uint8Array): AlertFact[] {
  const parsed = JSON.parse(new TextDecoder().decode(body)) as { v?: unknown; f?: unknown };
  if (parsed.v !== 1 || !Array.isArray(parsed.f)) throw new Error('not an alert facts message (v1)');
  return (parsed.f as WireFact[]).map((w) => {
    if (!Array.isArray(w) || w.length !== 12 || typeof w[1] !== 'string' || typeof w[3] !== 'number') throw new Error('malformed alert fact');
    return {
      projectId: w[0],
      traceId: w[1],
      spanId: w[2],
      startMs: w[3],
      service: w[4],
      model: w[5],
      costUsd: w[6],
      latencyMs: w[7],
      error: w[8] === 1,
      qualityScore: w[9],
      userId: w[10],
      tags: Array.isArray(w[11]) ? w[11] : [],
    };
  });
}

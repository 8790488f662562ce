import type { AlertFact } from './fact.js';
import type { AlertType } from './rule.js';

/** A call kept as evidence: its trace and how strongly it shows the rule's signal. */
export interface SampleCall {
  traceId: string;
  weight: number;
}

/** Aggregates of one rule's calls in one window (of one series), mergeable fact by fact. */
export interface WindowStats {
  calls: number;
  costSum: number;
  costMax: number;
  latencySum: number;
  latencyMax: number;
  errors: number;
  qualitySum: number;
  qualityCount: number;
  qualityMin: number;
  /** the strongest evidence, strongest first */
  samples: SampleCall[];
  /** calls per model */
  models: Record<string, number>;
}

export const MAX_SAMPLES = 5;

export function emptyWindowStats(): WindowStats {
  return { calls: 0, costSum: 0, costMax: 0, latencySum: 0, latencyMax: 0, errors: 0, qualitySum: 0, qualityCount: 0, qualityMin: 1, samples: [], models: {} };
}

/** How strongly a call shows a kind's signal: the costliest, slowest, worst-scored or failed calls are the evidence. */
function sampleWeight(type: AlertType, fact: AlertFact): number {
  switch (type) {
    case 'latency_spike':
      return fact.latencyMs;
    case 'quality_drop':
      return fact.qualityScore === null ? -1 : 1 - fact.qualityScore;
    case 'error_rate':
      return fact.error ? 1 : 0;
    case 'dual_signal':
      return (fact.costUsd ?? 0) * (fact.qualityScore === null ? 1 : 2 - fact.qualityScore);
    default:
      return fact.costUsd ?? 0;
  }
}

/** The stats with one more call (a new object; the input is left alone). */
export function addFact(stats: WindowStats, type: AlertType, fact: AlertFact): WindowStats {
  const cost = fact.costUsd ?? 0;
  const next: WindowStats = {
    calls: stats.calls + 1,
    costSum: stats.costSum + cost,
    costMax: Math.max(stats.costMax, cost),
    latencySum: stats.latencySum + fact.latencyMs,
    latencyMax: Math.max(stats.latencyMax, fact.latencyMs),
    errors: stats.errors + (fact.error ? 1 : 0),
    qualitySum: stats.qualitySum + (fact.qualityScore ?? 0),
    qualityCount: stats.qualityCount + (fact.qualityScore === null ? 0 : 1),
    qualityMin: fact.qualityScore === null ? stats.qualityMin : Math.min(stats.qualityMin, fact.qualityScore),
    samples: stats.samples,
    models: fact.model === null ? stats.models : { ...stats.models, [fact.model]: (stats.models[fact.model] ?? 0) + 1 },
  };
  const weight = sampleWeight(type, fact);
  // Later calls win ties, so evidence shows the newest of equally strong calls.
  next.samples = [{ traceId: fact.traceId, weight }, ...stats.samples.filter((s) => s.traceId !== fact.traceId)]
    .sort((a, b) => b.weight - a.weight)
    .slice(0, MAX_SAMPLES);
  return next;
}

/** The model with the most calls in the window (null: none seen). */
export function dominantModel(stats: WindowStats): string | null {
  let best: string | null = null;
  for (const [model, calls] of Object.entries(stats.models)) if (best === null || calls > (stats.models[best] ?? 0)) best = model;
  return best;
}

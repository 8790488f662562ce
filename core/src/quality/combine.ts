import type { QualitySignal, QualitySignals } from '../span.js';

/** A quality score with the signals that produced it. */
export interface QualityResult {
  score: number;
  signals: QualitySignals;
}

/**
 * Combines signals into one score in [0, 1]: the product of their scores (each 1 when fine),
 * so one hard failure (empty, error, malformed JSON) sinks the call and several soft doubts
 * compound. Signals that did not apply (null) are left out; with none, the score is 1.
 * Rounded to 3 decimals (the stored column is a real).
 */
export function combineSignals(signals: Readonly<Record<string, QualitySignal | null>>): QualityResult {
  const kept: QualitySignals = {};
  let score = 1;
  for (const [name, signal] of Object.entries(signals)) {
    if (signal === null) continue;
    kept[name] = signal;
    score *= Math.min(1, Math.max(0, signal.score));
  }
  return { score: Math.round(score * 1000) / 1000, signals: kept };
}

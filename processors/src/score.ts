import {
  isScorableCall,
  passesIntrinsicSignals,
  promptHash,
  responseEndpointKey,
  scoreCall,
  type ResponseBaselines,
  type SpanRecord,
} from '@lumina/core';
import { eachDelivery, type Stage } from './stage.js';

export interface ScoreOptions {
  /** this replica's in-memory baselines (bounded; see core's ResponseBaselines) */
  baselines: ResponseBaselines;
  /** responses an endpoint must have shown before its length baseline counts */
  minLengthSamples: number;
}

/**
 * Scores one LLM call and, when it passed the signals that judge it on its own, lets the
 * baselines learn from it (so failures never become the norm).
 */
export function scoreRecord(record: SpanRecord, options: ScoreOptions): void {
  if (!isScorableCall(record)) return;
  const endpoint = responseEndpointKey(record.projectId, record.serviceName, record.name, record.model);
  const prompt = record.prompt === null ? null : promptHash(record.systemPrompt, record.prompt);
  const result = scoreCall(record, {
    length: options.baselines.lengthBaseline(endpoint),
    earlierTerms: prompt === null ? [] : options.baselines.earlierTerms(endpoint, prompt),
    minLengthSamples: options.minLengthSamples,
  });
  record.qualityScore = result.score;
  record.qualitySignals = result.signals;
  if (record.response !== null && record.response.trim() !== '' && passesIntrinsicSignals(result.signals)) {
    options.baselines.record(endpoint, prompt, record.response);
  }
}

/**
 * Stage: the quality score of every chat-like LLM call before storage (core/src/quality), from
 * local signals only: microseconds per call, no I/O. Runs after redaction, so the baselines
 * hold redacted text only. Borderline calls go to the judge after the commit (judge stage).
 */
export function score(options: ScoreOptions): Stage {
  return eachDelivery('score', (delivery) => {
    for (const span of delivery.spans) scoreRecord(span.record, options);
  });
}

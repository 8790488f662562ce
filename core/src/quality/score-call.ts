import type { RobustStat } from '../baselines/robust-stats.js';
import type { Attributes, QualitySignal, QualitySignals, SpanStatus } from '../span.js';
import { baselineSimilaritySignal } from './baseline-similarity-signal.js';
import { combineSignals, type QualityResult } from './combine.js';
import { emptyResponseSignal } from './empty-response-signal.js';
import { finishReasonSignal } from './finish-reason-signal.js';
import { expectsJsonOutput, jsonOutputSignal } from './json-output-signal.js';
import { lengthOutlierSignal } from './length-outlier-signal.js';
import { refusalSignal } from './refusal-signal.js';

/** What the local signals read of one LLM call. */
export interface QualityCall {
  status: SpanStatus;
  finishReason: string | null;
  response: string | null;
  /** output tokens, when known: no response and 0 tokens is an empty answer, no response alone is content not captured */
  completionTokens?: number | null;
  attributes: Attributes;
}

/** What the call is compared with (from ResponseBaselines, or nothing). */
export interface QualityBaseline {
  /** robust stats of ln(1 + length) of the endpoint's recent responses */
  length: RobustStat | null;
  /** term vectors of earlier responses to the same prompt on the same endpoint (ResponseBaselines.earlierTerms) */
  earlierTerms: readonly ReadonlyMap<string, number>[];
  /** responses the endpoint must have seen before its length counts (default 30) */
  minLengthSamples?: number;
}

/** The signals that judge the call on its own (no baseline); a call passing them all may join the baseline. */
export function intrinsicSignals(call: QualityCall): Record<string, QualitySignal | null> {
  return {
    finish_reason: finishReasonSignal(call.finishReason, call.status),
    empty_response: emptyResponseSignal(call.response, call.finishReason, call.completionTokens ?? null),
    refusal: refusalSignal(call.response),
    json_output: jsonOutputSignal(call.response, expectsJsonOutput(call.attributes)),
  };
}

/** The names of the signals that judge a call on its own. */
export const INTRINSIC_SIGNALS: readonly string[] = ['finish_reason', 'empty_response', 'refusal', 'json_output'];

/** True when none of the intrinsic signals among `signals` found a problem (a call the baselines may learn from). */
export function passesIntrinsicSignals(signals: QualitySignals): boolean {
  return INTRINSIC_SIGNALS.every((name) => (signals[name]?.score ?? 1) >= 1);
}

/**
 * The local quality of one LLM call: finish reason, empty response, refusal, malformed JSON when
 * JSON was asked for, length against the endpoint's baseline and similarity to earlier responses
 * to the same prompt, combined by {@link combineSignals}.
 */
export function scoreCall(call: QualityCall, baseline: QualityBaseline = { length: null, earlierTerms: [] }): QualityResult {
  return combineSignals({
    ...intrinsicSignals(call),
    response_length: lengthOutlierSignal(call.response, baseline.length, baseline.minLengthSamples ?? DEFAULT_MIN_LENGTH_SAMPLES),
    baseline_similarity: baselineSimilaritySignal(call.response, baseline.earlierTerms),
  });
}

export const DEFAULT_MIN_LENGTH_SAMPLES = 30;

/**
 * Operations whose calls are scored (chat-like answers; `null`: unknown, scored too). Embeddings
 * and tool or agent spans have no answer to judge: their quality stays null.
 */
export const SCORED_OPERATIONS: readonly string[] = ['chat', 'text_completion', 'generate_content'];

/** True when a stored span is an LLM call whose answer the quality signals can judge. */
export function isScorableCall(call: { isLlm: boolean; operation: string | null }): boolean {
  return call.isLlm && (call.operation === null || SCORED_OPERATIONS.includes(call.operation));
}

/** Quality of LLM calls (issue #17): local signals over plain data, their combination, the baselines they compare with, the judge tier's pure parts. */
export { FINISH_REASON_SCORES, finishReasonSignal } from './finish-reason-signal.js';
export { emptyResponseSignal } from './empty-response-signal.js';
export { REFUSAL_PATTERNS, REFUSAL_SCORE, isRefusal, refusalSignal } from './refusal-signal.js';
export { JSON_REQUEST_ATTRIBUTES, MALFORMED_JSON_SCORE, expectsJsonOutput, isJsonText, jsonOutputSignal } from './json-output-signal.js';
export { LENGTH_Z_TOLERANCE, LENGTH_OUTLIER_MIN_SCORE, lengthOutlierSignal, logLength } from './length-outlier-signal.js';
export { SIMILARITY_MAX_CHARS, SIMILARITY_MIN_SCORE, baselineSimilaritySignal, responseTerms } from './baseline-similarity-signal.js';
export { combineSignals, type QualityResult } from './combine.js';
export {
  scoreCall,
  intrinsicSignals,
  passesIntrinsicSignals,
  INTRINSIC_SIGNALS,
  SCORED_OPERATIONS,
  isScorableCall,
  DEFAULT_MIN_LENGTH_SAMPLES,
  type QualityCall,
  type QualityBaseline,
} from './score-call.js';
export { ResponseBaselines, responseEndpointKey, promptHash, type ResponseBaselinesOptions } from './response-baselines.js';
export {
  DEFAULT_QUALITY_JUDGE_BAND,
  QUALITY_JUDGE_PROMPT_VERSION,
  QUALITY_JUDGE_MAX_CHARS,
  isBorderlineQuality,
  buildQualityJudgePrompt,
  parseQualityJudgeReply,
  qualityJudgeCacheKey,
  withJudgeVerdict,
  type QualityJudgeBand,
  type QualityJudgeInput,
} from './quality-judge.js';

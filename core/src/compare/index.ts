/** Comparison of an original LLM call with its replay: similarity, diff, deltas, summary. */
export { comparableText, canonicalJson } from './comparable-text.js';
export { responseHash } from './response-hash.js';
export { lowerCaseWords } from './tokens.js';
export { editSimilarity, tokenEditDistance, EDIT_SIMILARITY_MAX_TOKENS } from './edit-similarity.js';
export { hashSimilarity, HASH_MISMATCH_CEILING } from './hash-similarity.js';
export {
  localSemanticScore,
  contentCosine,
  termFrequencies,
  termCosine,
  trigramDice,
  hasCriticalChange,
  SEMANTIC_SCORE_WEIGHTS,
  CRITICAL_CHANGE_CAP,
} from './semantic-score.js';
export { wordDiff, WORD_DIFF_MAX_EDITS, type WordDiff, type WordDiffOptions, type DiffHunk, type DiffSummary } from './word-diff.js';
export {
  needsJudge,
  buildJudgePrompt,
  parseJudgeReply,
  judgeCacheKey,
  DEFAULT_JUDGE_BAND,
  JUDGE_PROMPT_VERSION,
  JUDGE_MAX_CHARS_PER_TEXT,
  type JudgeBand,
  type JudgeInput,
  type JudgePrompt,
  type JudgeVerdict,
  type JudgeReply,
} from './judge.js';
export { JudgeReplyError, type JudgeReplyErrorCode } from './errors.js';
export {
  compareCalls,
  delta,
  deltaPct,
  type CallFigures,
  type CallComparison,
  type CompareOptions,
  type Delta,
} from './compare-calls.js';
export {
  summarizeReplay,
  replaySummaryBody,
  orderForReview,
  isRegression,
  DEFAULT_REGRESSION_THRESHOLD,
  type ReplayResultFigures,
  type ReplaySummary,
  type SummaryOptions,
} from './summarize-replay.js';

/** The figures of one replay result: an original call against its replay. */
import { hashSimilarity } from './hash-similarity.js';
import { DEFAULT_JUDGE_BAND, type JudgeBand, needsJudge } from './judge.js';
import { responseHash } from './response-hash.js';
import { localSemanticScore } from './semantic-score.js';
import { type DiffSummary, wordDiff } from './word-diff.js';

/** One side of a comparison: what a call answered and what it cost. Null where unknown. */
export interface CallFigures {
  response: string | null;
  costUsd: number | null;
  latencyMs: number | null;
  promptTokens: number | null;
  completionTokens: number | null;
  cachedPromptTokens?: number | null;
}

/** Replay minus original, absolute and as a percentage of the original. */
export interface Delta {
  /** null when either side is unknown */
  absolute: number | null;
  /** null when either side is unknown, or the original is 0 and the replay is not */
  pct: number | null;
}

export interface CallComparison {
  /** see hashSimilarity: 1 for an identical response, else the edit similarity (< 1) */
  hashSimilarity: number;
  /** the local semantic score (see localSemanticScore); a judge's verdict may replace it */
  semanticScore: number;
  /** whether the local score is borderline (see needsJudge) */
  needsJudge: boolean;
  originalResponseHash: string;
  replayResponseHash: string;
  cost: Delta;
  latency: Delta;
  promptTokens: Delta;
  completionTokens: Delta;
  cachedPromptTokens: Delta;
  diffSummary: DiffSummary;
}

export interface CompareOptions {
  /** the borderline band of needsJudge; default DEFAULT_JUDGE_BAND */
  judgeBand?: JudgeBand;
}

/**
 * The percentage change from `original` to `replay`: 0 when both are 0, null
 * when the original is 0 and the replay is not (no finite change) or either is unknown.
 */
export function deltaPct(original: number | null | undefined, replay: number | null | undefined): number | null {
  if (original === null || original === undefined || replay === null || replay === undefined) return null;
  if (original === 0) return replay === 0 ? 0 : null;
  return ((replay - original) / Math.abs(original)) * 100;
}

/** The absolute and relative change from `original` to `replay`. */
export function delta(original: number | null | undefined, replay: number | null | undefined): Delta {
  const known = original !== null && original !== undefined && replay !== null && replay !== undefined;
  return { absolute: known ? replay - original : null, pct: deltaPct(original, replay) };
}

/**
 * Compares an original call with its replay: text similarity (hash and local
 * semantic score), the word-diff summary, and the cost, latency and token
 * deltas (replay minus original). Pure; a 20 KB pair takes tens of milliseconds.
 */
export function compareCalls(original: CallFigures, replay: CallFigures, options: CompareOptions = {}): CallComparison {
  const semanticScore = localSemanticScore(original.response, replay.response);
  return {
    hashSimilarity: hashSimilarity(original.response, replay.response),
    semanticScore,
    needsJudge: needsJudge(semanticScore, options.judgeBand ?? DEFAULT_JUDGE_BAND),
    originalResponseHash: responseHash(original.response),
    replayResponseHash: responseHash(replay.response),
    cost: delta(original.costUsd, replay.costUsd),
    latency: delta(original.latencyMs, replay.latencyMs),
    promptTokens: delta(original.promptTokens, replay.promptTokens),
    completionTokens: delta(original.completionTokens, replay.completionTokens),
    cachedPromptTokens: delta(original.cachedPromptTokens, replay.cachedPromptTokens),
    diffSummary: wordDiff(original.response, replay.response).summary,
  };
}

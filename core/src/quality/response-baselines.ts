import * as crypto from 'node:crypto';
import { robustStat, type RobustStat } from '../baselines/robust-stats.js';
import { responseTerms } from './baseline-similarity-signal.js';
import { logLength } from './length-outlier-signal.js';

const { createHash } = crypto;
/** crypto.hash (Node 20.12+; package.json allows 20.11). */
const oneShotHash = (crypto as { hash?: typeof crypto.hash }).hash;

/** Bounds of the in-memory response baselines (all counts; memory ≈ maxPrompts × responsesPerPrompt × maxStoredChars × 2 bytes). */
export interface ResponseBaselinesOptions {
  /** endpoints (project, service, span name, model) whose length samples are kept, least recently used dropped (default 2,000) */
  maxEndpoints?: number;
  /** response lengths kept per endpoint, oldest dropped (default 200) */
  lengthSamples?: number;
  /** distinct prompts whose responses are kept, least recently used dropped (default 2,000) */
  maxPrompts?: number;
  /** responses kept per prompt (default 2) */
  responsesPerPrompt?: number;
  /** characters kept of each response (default 600; the similarity signal reads no more) */
  maxStoredChars?: number;
  /** new samples after which an endpoint's length statistics are computed again (default 32) */
  refreshEvery?: number;
}

/** A remembered response; its term vector is computed the first time a later call compares with it. */
interface StoredResponse {
  text: string;
  terms: Map<string, number> | null;
}

interface LengthSeries {
  samples: number[];
  next: number;
  stat: RobustStat | null;
  sinceRefresh: number;
}

/** The key of an endpoint: project, service, span name and model. */
export function responseEndpointKey(projectId: string, serviceName: string, spanName: string, model: string | null): string {
  return `${projectId}\u0000${serviceName}\u0000${spanName}\u0000${model ?? ''}`;
}

/** A short hash of what was asked (system prompt and prompt): calls with equal hashes asked the same. */
export function promptHash(systemPrompt: string | null, prompt: string | null): string {
  // One-shot hashing where Node has it (20.12+): the same bytes (a NUL between the two can join no surrogate pair), a third cheaper.
  if (oneShotHash) return oneShotHash('sha256', `${systemPrompt ?? ''}\u0000${prompt ?? ''}`, 'base64url').slice(0, 22);
  return createHash('sha256').update(systemPrompt ?? '').update('\u0000').update(prompt ?? '').digest('base64url').slice(0, 22);
}

/**
 * What the quality signals compare a call with, kept in memory and bounded: per endpoint the
 * last response lengths (robust statistics refreshed every few samples, so reading them costs
 * nothing per call), and per (endpoint, prompt hash) the last few responses. Holds no clock and
 * does no I/O; the processors own one instance each.
 */
export class ResponseBaselines {
  private readonly lengths = new Map<string, LengthSeries>();
  private readonly responses = new Map<string, StoredResponse[]>();
  private readonly options: Required<ResponseBaselinesOptions>;

  constructor(options: ResponseBaselinesOptions = {}) {
    this.options = { maxEndpoints: 2000, lengthSamples: 200, maxPrompts: 2000, responsesPerPrompt: 2, maxStoredChars: 600, refreshEvery: 32, ...options };
  }

  /** Robust statistics of ln(1 + length) of the endpoint's recent responses; null before any. */
  lengthBaseline(endpoint: string): RobustStat | null {
    return this.lengths.get(endpoint)?.stat ?? null;
  }

  /** The endpoint's last responses to the same prompt (oldest first, cut at maxStoredChars). */
  earlierResponses(endpoint: string, prompt: string): string[] {
    return (this.responses.get(`${endpoint}\u0000${prompt}`) ?? []).map((stored) => stored.text);
  }

  /** The term vectors of those responses (what the similarity signal compares), computed once each. */
  earlierTerms(endpoint: string, prompt: string): Map<string, number>[] {
    return (this.responses.get(`${endpoint}\u0000${prompt}`) ?? []).map((stored) => (stored.terms ??= responseTerms(stored.text)));
  }

  /** Remembers a response as part of the baseline (its length; and its text when the prompt hash is known). */
  record(endpoint: string, prompt: string | null, response: string): void {
    this.recordLength(endpoint, response);
    if (prompt === null) return;
    const key = `${endpoint}\u0000${prompt}`;
    const kept = this.responses.get(key) ?? [];
    this.responses.delete(key); // re-inserted last: least recently used first in the map
    kept.push({ text: ownPrefix(response, this.options.maxStoredChars), terms: null });
    if (kept.length > this.options.responsesPerPrompt) kept.shift();
    this.responses.set(key, kept);
    dropOldest(this.responses, this.options.maxPrompts);
  }

  /** How many endpoints and prompts are held (for metrics and tests). */
  sizes(): { endpoints: number; prompts: number } {
    return { endpoints: this.lengths.size, prompts: this.responses.size };
  }

  private recordLength(endpoint: string, response: string): void {
    let series = this.lengths.get(endpoint);
    if (series) this.lengths.delete(endpoint);
    series ??= { samples: [], next: 0, stat: null, sinceRefresh: 0 };
    this.lengths.set(endpoint, series);
    dropOldest(this.lengths, this.options.maxEndpoints);
    const value = logLength(response);
    if (series.samples.length < this.options.lengthSamples) series.samples.push(value);
    else series.samples[series.next] = value;
    series.next = (series.next + 1) % this.options.lengthSamples;
    series.sinceRefresh += 1;
    // Small series are recomputed at once (the first samples matter); larger ones every few.
    if (series.stat === null || series.samples.length < this.options.refreshEvery || series.sinceRefresh >= this.options.refreshEvery) {
      series.stat = robustStat(series.samples);
      series.sinceRefresh = 0;
    }
  }
}

/**
 * The first `max` characters as a string of their own. V8 keeps a slice of a long string as a
 * view that holds the whole string alive: a baseline that kept slices of 100 KB responses
 * would hold all of them, not 600 characters each. Concatenating flattens into a new string.
 */
function ownPrefix(text: string, max: number): string {
  if (text.length <= max) return text;
  return ` ${text.slice(0, max)}`.slice(1);
}

function dropOldest<V>(map: Map<string, V>, max: number): void {
  while (map.size > max) map.delete(map.keys().next().value as string);
}

/**
 * Simulation mode: a replay without provider keys or network. The "replayed"
 * answer is a deterministic, synthetic variation of the original: some words
 * swapped for synonyms and some filler words dropped (more when more changed:
 * model, provider, prompts, temperature), truncated when a lower max_tokens
 * would have cut it; tokens follow the text's length, latency scales with the
 * price ratio of the two models (pricier models tend to be slower). Every such
 * reply carries `simulated: true`. It shows what the comparison pipeline does,
 * never how a model would answer.
 */
import type { SpanRecord } from '../span.js';
import { canonicalProvider } from '../normalize/provider.js';
import type { Pricer } from '../pricing/pricer.js';
import type { ReplayOverrides } from './overrides.js';
import type { ProviderReply } from './provider-reply.js';
import { seededRandom } from './seeded-random.js';
import { FILLERS, SYNONYMS } from './simulation-wording.js';

/** The stored fields a simulation reads (a SpanRecord has them all). */
export type SimulationSource = Pick<
  SpanRecord,
  'provider' | 'model' | 'response' | 'systemPrompt' | 'promptTokens' | 'completionTokens' | 'cachedPromptTokens' | 'latencyMs' | 'finishReason'
>;

export interface SimulatedReply extends ProviderReply {
  simulated: true;
  provider: string | null;
  latencyMs: number;
  /** priced like a real reply when a pricer is given; null otherwise or for an unknown model */
  costUsd: number | null;
}

export interface SimulationOptions {
  /** prices the reply and gives the price ratio that scales latency */
  pricer?: Pricer;
  /** the time prices are looked up at (the run's start) */
  at?: Date;
}

/** Characters per token assumed where a count has to be estimated from text. */
const CHARS_PER_TOKEN = 4;

/** The share of words reworded: 0 when the run changes nothing, up to 0.4. */
function variationShare(source: SimulationSource, overrides: ReplayOverrides, provider: string | null, model: string | null): number {
  let share = 0;
  if (model !== source.model) share += 0.12;
  if (provider !== source.provider) share += 0.08;
  if (overrides.systemPrompt !== undefined && overrides.systemPrompt !== (source.systemPrompt ?? '')) share += 0.06;
  if (overrides.promptTemplate !== undefined) share += 0.06;
  if (overrides.temperature !== undefined) share += 0.04 + 0.04 * Math.min(overrides.temperature, 2);
  return Math.min(0.4, share);
}

function matchCase(replacement: string, original: string): string {
  return original[0] !== undefined && original[0] !== original[0].toLowerCase()
    ? replacement[0]?.toUpperCase() + replacement.slice(1)
    : replacement;
}

/** Rewords `text`: each word, with probability `share`, is swapped for its synonym or, if a filler, dropped. */
function reword(text: string, share: number, random: () => number): string {
  if (share === 0) return text;
  return text.replace(/(\p{L}+)(\s*)/gu, (match, word: string, space: string) => {
    if (random() >= share) return match;
    const lower = word.toLowerCase();
    if (FILLERS.has(lower)) return '';
    const synonym = SYNONYMS.get(lower);
    return synonym === undefined ? match : matchCase(synonym, word) + space;
  });
}

function estimatedTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / CHARS_PER_TOKEN));
}

/** USD of 1,000 prompt and 1,000 completion tokens of the target model over the original's; 1 when either is unknown. */
function priceRatio(pricer: Pricer | undefined, from: SimulationSource, provider: string | null, model: string | null, at?: Date): number {
  if (pricer === undefined) return 1;
  const probe = { promptTokens: 1000, completionTokens: 1000, at };
  const before = pricer.spanCostUsd({ ...probe, provider: from.provider, model: from.model });
  const after = pricer.spanCostUsd({ ...probe, provider, model });
  return before && after ? after / before : 1;
}

/** The prompt tokens after the run's prompt changes, estimated from the characters added or removed. */
function promptTokensAfter(source: SimulationSource, overrides: ReplayOverrides): number | null {
  if (source.promptTokens === null) return null;
  let chars = 0;
  if (overrides.systemPrompt !== undefined) chars += overrides.systemPrompt.length - (source.systemPrompt ?? '').length;
  if (overrides.promptTemplate !== undefined) chars += overrides.promptTemplate.replace(/\{\{\s*input\s*\}\}/g, '').length;
  return Math.max(1, source.promptTokens + Math.round(chars / CHARS_PER_TOKEN));
}

/**
 * A synthetic replay of a stored call under a run's overrides, the same for the
 * same source, overrides and seed (use e.g. the replay id and span id). See the
 * module comment for what varies. No I/O; the clock is not read.
 */
export function simulateResponse(
  source: SimulationSource,
  overrides: ReplayOverrides,
  seed: string | number,
  options: SimulationOptions = {},
): SimulatedReply {
  const provider = overrides.provider === undefined ? source.provider : (canonicalProvider(overrides.provider) ?? overrides.provider);
  const model = overrides.model ?? source.model;
  const random = seededRandom(seed, source.response ?? '', model ?? '');
  const original = source.response ?? '';
  let text = reword(original, variationShare(source, overrides, provider, model), random);
  const originalCompletion = source.completionTokens ?? estimatedTokens(original);
  let completionTokens = original === '' ? originalCompletion : Math.max(1, Math.round((originalCompletion * text.length) / original.length));
  let finishReason = source.finishReason ?? 'stop';
  if (overrides.maxTokens !== undefined && completionTokens > overrides.maxTokens) {
    text = text.slice(0, Math.floor((text.length * overrides.maxTokens) / completionTokens));
    completionTokens = overrides.maxTokens;
    finishReason = 'length';
  }
  const sameCache = provider === source.provider && model === source.model;
  const promptTokens = promptTokensAfter(source, overrides);
  const cachedPromptTokens = sameCache ? source.cachedPromptTokens : promptTokens === null ? null : 0;
  const speed = Math.min(4, Math.max(0.25, Math.sqrt(priceRatio(options.pricer, source, provider, model, options.at))));
  const lengthFactor = 0.3 + (0.7 * completionTokens) / Math.max(1, originalCompletion);
  const jitter = 0.9 + 0.2 * random();
  const latencyMs = Math.round((source.latencyMs ?? 1000) * lengthFactor * speed * jitter * 1000) / 1000;
  const costUsd =
    options.pricer?.spanCostUsd({ provider, model, promptTokens, completionTokens, cachedPromptTokens, at: options.at }) ?? null;
  return {
    simulated: true,
    text,
    finishReason,
    providerFinishReason: null,
    usage: { promptTokens, completionTokens, cachedPromptTokens, cacheWritePromptTokens: null },
    model,
    provider,
    toolCalls: [],
    latencyMs,
    costUsd,
  };
}

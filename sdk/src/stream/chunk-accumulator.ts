/** The common interface of the per-format stream accumulators, and the choice among them. */
import type { LlmCallResult } from '../llm/call-result.js';
import { AnthropicEventAccumulator, isAnthropicStreamEvent } from './accumulate-anthropic.js';
import { OpenAiChatChunkAccumulator, isOpenAiChatChunk } from './accumulate-openai-chat.js';
import { OpenAiResponseEventAccumulator, isOpenAiResponseEvent } from './accumulate-openai-responses.js';

/** Folds a stream's chunks into the call's result, without changing them. */
export interface ChunkAccumulator {
  /** Takes one chunk; true when it carried generated output (the first such is the first token). */
  add(chunk: unknown): boolean;
  /** What the chunks so far say about the call. */
  result(): LlmCallResult;
}

/** Any other stream: the first chunk is the first token; nothing else is known. */
class OpaqueChunkAccumulator implements ChunkAccumulator {
  add(): boolean {
    return true;
  }
  result(): LlmCallResult {
    return {};
  }
}

const ACCUMULATORS: readonly { matches: (chunk: unknown) => boolean; create: () => ChunkAccumulator }[] = [
  { matches: isOpenAiChatChunk, create: () => new OpenAiChatChunkAccumulator() },
  { matches: isAnthropicStreamEvent, create: () => new AnthropicEventAccumulator() },
  { matches: isOpenAiResponseEvent, create: () => new OpenAiResponseEventAccumulator() },
];

/** The accumulator for a stream, chosen by the shape of its first chunk. */
export function accumulatorFor(firstChunk: unknown): ChunkAccumulator {
  const known = ACCUMULATORS.find((candidate) => candidate.matches(firstChunk));
  return known ? known.create() : new OpaqueChunkAccumulator();
}

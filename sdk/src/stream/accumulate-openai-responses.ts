/** OpenAI Responses API stream events: the final `Response` comes in the last event. */
import type { LlmCallResult } from '../llm/call-result.js';
import { readOpenAiResponse, type OpenAiResponseLike } from '../llm/read-openai-responses.js';
import type { ChunkAccumulator } from './chunk-accumulator.js';

/** True for a Responses API stream event (`response.created`, `response.output_text.delta`, …). */
export function isOpenAiResponseEvent(chunk: unknown): boolean {
  const type = (chunk as { type?: unknown })?.type;
  return typeof type === 'string' && type.startsWith('response.');
}

/** Events that carry generated output. */
const OUTPUT_DELTAS = new Set(['response.output_text.delta', 'response.refusal.delta', 'response.function_call_arguments.delta']);

/** Keeps the latest `Response` snapshot: `response.completed`/`incomplete`/`failed` carry the whole. */
export class OpenAiResponseEventAccumulator implements ChunkAccumulator {
  private response: OpenAiResponseLike | undefined;

  add(chunk: unknown): boolean {
    const event = chunk as { type: string; response?: OpenAiResponseLike };
    if (event.response?.object === 'response') this.response = event.response;
    return OUTPUT_DELTAS.has(event.type);
  }

  result(): LlmCallResult {
    return this.response ? readOpenAiResponse(this.response) : {};
  }
}

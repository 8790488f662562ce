/** What the SDK reads from an LLM call's result, in provider-neutral terms. */
import type { SemconvMessage } from './message-parts.js';

/**
 * The response side of one LLM call. Token counts follow the semantic conventions:
 * `inputTokens` includes cache reads and writes.
 */
export interface LlmCallResult {
  responseModel?: string;
  responseId?: string;
  inputTokens?: number;
  outputTokens?: number;
  cacheReadInputTokens?: number;
  cacheCreationInputTokens?: number;
  reasoningOutputTokens?: number;
  /** as the provider said them (`end_turn`, `stop`, `tool_calls`, …) */
  finishReasons?: string[];
  outputMessages?: SemconvMessage[];
}

/** Finish reasons of the providers onto the semconv output-message vocabulary. */
const SEMCONV_FINISH_REASONS: Record<string, string> = {
  stop: 'stop',
  end_turn: 'stop',
  stop_sequence: 'stop',
  completed: 'stop',
  pause_turn: 'stop',
  length: 'length',
  max_tokens: 'length',
  max_output_tokens: 'length',
  model_context_window_exceeded: 'length',
  tool_calls: 'tool_call',
  tool_use: 'tool_call',
  function_call: 'tool_call',
  content_filter: 'content_filter',
  refusal: 'content_filter',
  failed: 'error',
  error: 'error',
};

/** A provider finish reason in the semconv vocabulary (unknown values pass through). */
export function semconvFinishReason(reason: string): string {
  return SEMCONV_FINISH_REASONS[reason] ?? reason;
}

/** A non-negative integer, or undefined. */
export function tokenCount(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

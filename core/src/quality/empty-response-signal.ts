import type { QualitySignal } from '../span.js';

/**
 * The empty-response signal: 0 when the call answered nothing (an empty or whitespace answer, or
 * no answer and no output tokens), except when it stopped to call tools (its answer is the tool
 * call, not text); null when the response has text (other signals judge it), and null when the
 * answer is simply not on the span: most instrumentations leave content out by default, or send
 * it as log events joined later, and a call must not score 0 for that.
 */
export function emptyResponseSignal(response: string | null, finishReason: string | null, completionTokens: number | null = null): QualitySignal | null {
  if (finishReason === 'tool_calls') return null;
  if (response === null) return completionTokens === 0 ? { score: 0, detail: 'no_output_tokens' } : null;
  if (response.trim() === '') return { score: 0, detail: 'empty' };
  return null;
}

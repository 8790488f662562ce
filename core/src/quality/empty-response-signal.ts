import type { QualitySignal } from '../span.js';

/**
 * The empty-response signal: 0 when the call answered nothing (null, or only whitespace), except
 * when it stopped to call tools (its answer is the tool call, not text); null when the response
 * has text (other signals judge it).
 */
export function emptyResponseSignal(response: string | null, finishReason: string | null): QualitySignal | null {
  if (finishReason === 'tool_calls') return null;
  if (response === null || response.trim() === '') return { score: 0, detail: 'empty' };
  return null;
}

/**
 * Finish reasons of every family onto one vocabulary: `stop`, `length`,
 * `tool_calls`, `content_filter`, `error`, `other`, `unknown`. Values not in
 * the table pass through lower-cased with `-` as `_` (e.g. Anthropic `pause_turn`).
 */

/** Keys are lower-cased with `-` replaced by `_` (Vercel `content-filter`, Gemini `MAX_TOKENS`). */
const FINISH_REASONS: ReadonlyMap<string, string> = new Map([
  ['stop', 'stop'],
  ['end_turn', 'stop'], // Anthropic, Bedrock
  ['stop_sequence', 'stop'],
  ['complete', 'stop'], // Cohere
  ['completed', 'stop'],
  ['eos', 'stop'],
  ['length', 'length'],
  ['max_tokens', 'length'], // Anthropic, Gemini, Cohere
  ['max_output_tokens', 'length'],
  ['model_length', 'length'], // Mistral
  ['model_context_window_exceeded', 'length'], // Anthropic
  ['error_limit', 'length'], // Cohere
  ['tool_calls', 'tool_calls'],
  ['tool_call', 'tool_calls'],
  ['tool_use', 'tool_calls'],
  ['function_call', 'tool_calls'],
  ['content_filter', 'content_filter'],
  ['content_filtered', 'content_filter'], // Bedrock
  ['guardrail_intervened', 'content_filter'], // Bedrock
  ['safety', 'content_filter'], // Gemini
  ['recitation', 'content_filter'],
  ['blocklist', 'content_filter'],
  ['prohibited_content', 'content_filter'],
  ['spii', 'content_filter'],
  ['image_safety', 'content_filter'],
  ['refusal', 'content_filter'], // Anthropic
  ['error_toxic', 'content_filter'], // Cohere
  ['error', 'error'],
  ['malformed_function_call', 'error'], // Gemini
  ['other', 'other'],
  ['unknown', 'unknown'],
  ['finish_reason_unspecified', 'unknown'], // Gemini
]);

/** Canonical finish reason; null when blank. */
export function canonicalFinishReason(reason: string): string | null {
  const key = reason.trim().toLowerCase().replaceAll('-', '_');
  if (key === '') return null;
  return FINISH_REASONS.get(key) ?? key;
}

import type { Attributes } from './span.js';

/**
 * Attributes that carry message content. Once the processors have read them into `prompt`,
 * `response` and `system_prompt`, storing them again in `attributes` would double every row's
 * size (and halve write throughput) for no new information.
 */
const CONTENT_KEYS = new Set([
  'gen_ai.input.messages',
  'gen_ai.output.messages',
  'gen_ai.system_instructions',
  'gen_ai.prompt',
  'gen_ai.completion',
  'ai.prompt',
  'ai.prompt.messages',
  'ai.response.text',
  'input.value',
  'output.value',
  'traceloop.entity.input',
  'traceloop.entity.output',
  'prompt',
  'response',
]);

/** Indexed content keys (`gen_ai.prompt.0.content`, `llm.input_messages.1.message.role`, …). */
const CONTENT_PREFIXES = ['gen_ai.prompt.', 'gen_ai.completion.', 'llm.input_messages.', 'llm.output_messages.'];

function isContentKey(key: string): boolean {
  return CONTENT_KEYS.has(key) || CONTENT_PREFIXES.some((prefix) => key.startsWith(prefix));
}

/**
 * The attributes without the message-content keys, for a span whose content was captured in
 * the canonical fields. Returns the same object when there is nothing to drop.
 */
export function withoutContentAttributes(attributes: Attributes): Attributes {
  const keys = Object.keys(attributes);
  const first = keys.findIndex(isContentKey);
  if (first < 0) return attributes;
  // Built key by key rather than copied and deleted from: `delete` leaves a slow dictionary
  // object, which JSON.stringify (the COPY text) walks 2-3× slower.
  const kept: Attributes = {};
  for (let i = 0; i < keys.length; i += 1) if (i < first || (i > first && !isContentKey(keys[i]!))) kept[keys[i]!] = attributes[keys[i]!]!;
  return kept;
}

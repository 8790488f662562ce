/**
 * The mapping report's raw material: which attribute keys of an LLM span no mapping
 * reads, and which of those are `gen_ai.*` keys the semantic conventions do not define
 * (flagged: a newer semconv, or a typo in an instrumentation). Known keys are derived from
 * the field table itself, so the report can never disagree with what normalization reads.
 */
import type { Attributes } from '../span.js';
import { CONTEXT_FIELD_SOURCES, LLM_FIELD_SOURCES, type FieldSpec } from './field-sources.js';

/** Attributes read by message lists and classification rather than a field's attribute source. */
const OTHER_READ_KEYS = ['gen_ai.input.messages', 'gen_ai.output.messages', 'gen_ai.system_instructions', 'ai.prompt.messages', 'ai.prompt', 'ai.operationId'];

/** Indexed families read as message lists (messages.ts). */
const READ_PREFIXES = ['gen_ai.prompt.', 'gen_ai.completion.', 'llm.input_messages.', 'llm.output_messages.'];

function tableKeys(fields: Record<string, FieldSpec>): string[] {
  return Object.values(fields).flatMap((spec) => spec.sources.flatMap((source) => (source.read === 'messages' ? [] : [source.key])));
}

const READ_KEYS: ReadonlySet<string> = new Set([...tableKeys(LLM_FIELD_SOURCES), ...tableKeys(CONTEXT_FIELD_SOURCES), ...OTHER_READ_KEYS]);

/** `gen_ai.*` keys of the semantic conventions (v1.41 and the GenAI SIG) that Lumina does not need. */
const SEMCONV_GEN_AI_KEYS: ReadonlySet<string> = new Set([
  'gen_ai.response.id',
  'gen_ai.output.type',
  'gen_ai.token.type',
  'gen_ai.usage.cache_creation.input_tokens',
  'gen_ai.usage.reasoning.output_tokens',
  'gen_ai.conversation.id',
  'gen_ai.prompt.name',
]);
const SEMCONV_GEN_AI_PREFIXES = [
  'gen_ai.request.',
  'gen_ai.agent.',
  'gen_ai.tool.',
  'gen_ai.data_source.',
  'gen_ai.embeddings.',
  'gen_ai.evaluation.',
  'gen_ai.openai.',
  'gen_ai.workflow.',
  'gen_ai.orchestrator.',
];

/** Indexes inside a key (`foo.3.bar`) as `[i]`, so a list is one key in the report. */
export function reportedKeyName(key: string): string {
  return key.replace(/\.\d+(?=\.|$)/g, '.[i]');
}

/** True when a `gen_ai.*` key is not in the semantic conventions (nor read by a mapping). */
export function isUnknownGenAiKey(key: string): boolean {
  if (!key.startsWith('gen_ai.') || READ_KEYS.has(key) || SEMCONV_GEN_AI_KEYS.has(key)) return false;
  return !SEMCONV_GEN_AI_PREFIXES.some((prefix) => key.startsWith(prefix)) && !READ_PREFIXES.some((prefix) => key.startsWith(prefix));
}

/** The span's attribute keys that no mapping reads, indexes folded (`foo.[i].bar`), each once. */
export function unmappedKeys(attributes: Attributes): string[] {
  const keys = new Set<string>();
  for (const key in attributes) {
    if (READ_KEYS.has(key) || READ_PREFIXES.some((prefix) => key.startsWith(prefix))) continue;
    keys.add(reportedKeyName(key));
  }
  return [...keys];
}

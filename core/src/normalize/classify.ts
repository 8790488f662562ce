/**
 * Which spans are LLM spans, and which of those only repeat usage counted on
 * another span. Rules, in order:
 * 1. a Vercel outer span (`ai.generateText`, …) is a usage wrapper;
 * 2. a model-call operation (chat, text_completion, generate_content,
 *    embeddings — including OpenInference LLM/EMBEDDING, OpenLLMetry
 *    llm.request.type, Vercel `*.doGenerate`/`*.doStream`) is a call;
 * 3. otherwise, without both a model and token usage it is not an LLM span;
 * 4. with them, a grouping operation (agent, tool, chain, workflow, retrieval)
 *    is a usage wrapper, and anything else (no operation, Lumina bare keys,
 *    unknown kinds) is a call.
 */
import type { Attributes } from '../span.js';
import { GROUPING_OPERATIONS, MODEL_CALL_OPERATIONS, VERCEL_WRAPPER_OPERATION_IDS } from './operation.js';

/** Attribute-key prefixes of the four families; a span with none of them is skipped at once. */
const FAMILY_PREFIXES = ['gen_ai.', 'llm.', 'ai.', 'openinference.', 'traceloop.'] as const;
/** Lumina's own SDK and hand-written spans use bare keys. */
const BARE_KEYS: ReadonlySet<string> = new Set(['model', 'prompt', 'response', 'prompt_tokens', 'completion_tokens']);

/** True when any attribute key belongs to an LLM convention family (one pass over the keys). */
export function hasLlmAttributes(attributes: Attributes): boolean {
  for (const key in attributes) {
    if (BARE_KEYS.has(key)) return true;
    for (const prefix of FAMILY_PREFIXES) {
      if (key.startsWith(prefix)) return true;
    }
  }
  return false;
}

/** A model call, or a span that only repeats the usage of calls below it. */
export type LlmSpanRole = 'call' | 'usage_wrapper';

/** What classification looks at, already read from the field table. */
export interface LlmSpanEvidence {
  operation: string | null;
  /** Vercel `ai.operationId`, when present */
  vercelOperationId: string | null;
  hasModel: boolean;
  hasUsage: boolean;
}

/** The span's role per the rules above, or null when it is not an LLM span. */
export function classifyLlmSpan(evidence: LlmSpanEvidence): LlmSpanRole | null {
  const { operation, vercelOperationId, hasModel, hasUsage } = evidence;
  if (vercelOperationId !== null && VERCEL_WRAPPER_OPERATION_IDS.has(vercelOperationId)) return 'usage_wrapper';
  if (operation !== null && MODEL_CALL_OPERATIONS.has(operation)) return 'call';
  if (!hasModel || !hasUsage) return null;
  return operation !== null && GROUPING_OPERATIONS.has(operation) ? 'usage_wrapper' : 'call';
}

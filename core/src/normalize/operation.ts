/**
 * Operation names onto `gen_ai.operation.name` values, and which operations
 * are one model call, which group other work, and which Vercel spans wrap a call.
 */

/**
 * Other families' names for semconv operations. OpenInference `LLM` becomes
 * `chat`: its LLM spans are chat completions in practice, and a span kind cannot
 * tell chat from text completion. `unknown` (llm.request.type) says nothing.
 */
const OPERATION_ALIASES: ReadonlyMap<string, string | null> = new Map([
  ['llm', 'chat'],
  ['embedding', 'embeddings'],
  ['completion', 'text_completion'], // OpenLLMetry llm.request.type
  ['retriever', 'retrieval'],
  ['agent', 'invoke_agent'],
  ['tool', 'execute_tool'],
  ['workflow', 'invoke_workflow'], // traceloop.span.kind
  ['unknown', null],
]);

/** Canonical operation: lower-cased, aliases mapped; null when blank or `unknown`. */
export function canonicalOperation(name: string): string | null {
  const lower = name.trim().toLowerCase();
  if (lower === '') return null;
  const alias = OPERATION_ALIASES.get(lower);
  return alias === undefined ? lower : alias;
}

/** Vercel inner spans (`ai.operationId` suffix) that are the model call itself. */
const VERCEL_CALL_SUFFIXES: ReadonlyArray<readonly [string, string]> = [
  ['.doGenerate', 'chat'],
  ['.doStream', 'chat'],
  ['.doEmbed', 'embeddings'],
];

/** `ai.generateText.doGenerate` → `chat`; null for Vercel spans that are not the call. */
export function vercelCallOperation(operationId: string): string | null {
  for (const [suffix, operation] of VERCEL_CALL_SUFFIXES) {
    if (operationId.endsWith(suffix)) return operation;
  }
  return null;
}

/** Vercel outer spans: they repeat the usage of the `doGenerate`/`doStream` spans inside them. */
export const VERCEL_WRAPPER_OPERATION_IDS: ReadonlySet<string> = new Set([
  'ai.generateText',
  'ai.streamText',
  'ai.generateObject',
  'ai.streamObject',
  'ai.embed',
  'ai.embedMany',
]);

/** Operations that are one call to a model: LLM spans even without usage. */
export const MODEL_CALL_OPERATIONS: ReadonlySet<string> = new Set([
  'chat',
  'text_completion',
  'generate_content',
  'embeddings',
]);

/**
 * Operations that group other work (agents, tools, chains, workflows,
 * retrieval). Not a model call; when one carries model and usage, that usage
 * is its children's, so it is a usage wrapper.
 */
export const GROUPING_OPERATIONS: ReadonlySet<string> = new Set([
  'invoke_agent',
  'create_agent',
  'execute_tool',
  'invoke_workflow',
  'retrieval',
  'chain',
  'task',
]);

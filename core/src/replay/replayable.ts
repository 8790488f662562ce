/** Which stored LLM calls a replay can send again. */

/**
 * Operations a replay re-runs as a chat request (API `gen_ai.operation.name` values, as
 * normalization stores them). Calls whose operation is unknown (null) are replayed too;
 * embeddings and other operations are not: a chat request would not be the same call.
 */
export const REPLAYABLE_OPERATIONS: readonly string[] = ['chat', 'text_completion', 'generate_content'];

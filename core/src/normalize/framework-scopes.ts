/**
 * Instrumentation scopes of LLM frameworks (LangChain, LlamaIndex, …), as data. Their LLM
 * spans describe a call that the provider's SDK makes, and when the SDK is instrumented too
 * (OpenLLMetry's LangChain with its OpenAI instrumentation underneath) the same call arrives
 * twice; such spans are `framework` wrappers (span.ts, WrapperKind).
 */
const FRAMEWORK_SCOPE_WORDS: readonly string[] = ['langchain', 'langgraph', 'llamaindex', 'llama_index', 'llama-index', 'crewai', 'haystack', 'mastra', 'beeai'];

/** True when the instrumentation scope name belongs to an LLM framework. */
export function isFrameworkScope(scopeName: string): boolean {
  const lower = scopeName.toLowerCase();
  return FRAMEWORK_SCOPE_WORDS.some((word) => lower.includes(word));
}

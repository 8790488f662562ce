/**
 * Provider names as instrumentations spell them, mapped to the provider ids of the
 * price catalog (`@pydantic/genai-prices`). Names the catalog already knows
 * (`openai`, `anthropic`, `groq`, `deepseek`, `cohere`, …) need no entry.
 */
export const PROVIDER_ALIASES: Readonly<Record<string, string>> = {
  // OTel `gen_ai.provider.name`, and the older `gen_ai.system` spellings
  'aws.bedrock': 'aws',
  'azure.ai.openai': 'azure',
  'az.ai.openai': 'azure',
  'azure.ai.inference': 'azure',
  'az.ai.inference': 'azure',
  'gcp.gemini': 'google',
  'gcp.vertex_ai': 'google',
  'gcp.gen_ai': 'google',
  gemini: 'google',
  vertex_ai: 'google',
  x_ai: 'x-ai',
  xai: 'x-ai',
  mistral_ai: 'mistral',
  mistralai: 'mistral',
  // Vercel AI SDK `ai.model.provider` heads, OpenInference `llm.provider` / `llm.system`
  'amazon-bedrock': 'aws',
  bedrock: 'aws',
  'azure-openai': 'azure',
  vertex: 'google',
  vertexai: 'google',
  'google-vertex': 'google',
  togetherai: 'together',
  'fireworks-ai': 'fireworks',
  fireworks_ai: 'fireworks',
};

/** The catalog provider id for a provider name as found on a span (case-insensitive). */
export function catalogProviderId(provider: string): string {
  const key = provider.trim().toLowerCase();
  return PROVIDER_ALIASES[key] ?? key;
}

/** Catalog provider ids whose `gen_ai.provider.name` differs; the others are the same word. */
const SEMCONV_PROVIDER_OF_CATALOG: Readonly<Record<string, string>> = {
  aws: 'aws.bedrock',
  azure: 'azure.ai.openai',
  google: 'gcp.gen_ai',
  'x-ai': 'x_ai',
  mistral: 'mistral_ai',
};

/** The `gen_ai.provider.name` value for a catalog provider id (`google` → `gcp.gen_ai`). */
export function semconvProviderName(catalogId: string): string {
  return SEMCONV_PROVIDER_OF_CATALOG[catalogId] ?? catalogId;
}

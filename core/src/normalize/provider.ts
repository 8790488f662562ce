/**
 * Provider names onto the `gen_ai.provider.name` vocabulary of the semconv.
 * Inputs are lower-cased first, which also covers OpenLLMetry's capitalized
 * `gen_ai.system` values (`OpenAI`, `Anthropic`).
 */

/** Old semconv values, other families' names, and Vercel provider ids (part before the first dot). */
const PROVIDER_ALIASES: ReadonlyMap<string, string> = new Map([
  ['az.ai.openai', 'azure.ai.openai'],
  ['az.ai.inference', 'azure.ai.inference'],
  ['azure', 'azure.ai.openai'], // OpenLLMetry `Azure`, OpenInference `azure`, Vercel `azure.chat`
  ['azure_openai', 'azure.ai.openai'],
  ['azure-openai', 'azure.ai.openai'],
  ['vertex_ai', 'gcp.vertex_ai'],
  ['vertexai', 'gcp.vertex_ai'],
  ['gemini', 'gcp.gemini'],
  ['google', 'gcp.gen_ai'], // semconv: "any Google generative AI endpoint" (Vercel google.generative-ai and google.vertex)
  ['xai', 'x_ai'],
  ['mistralai', 'mistral_ai'],
  ['mistral', 'mistral_ai'],
  ['bedrock', 'aws.bedrock'],
  ['amazon-bedrock', 'aws.bedrock'],
  ['aws', 'aws.bedrock'], // OpenInference llm.provider for Bedrock
  ['watsonx', 'ibm.watsonx.ai'],
]);

/** Semconv provider names that contain a dot: kept whole. */
const DOTTED_PROVIDERS: ReadonlySet<string> = new Set([
  'aws.bedrock',
  'azure.ai.inference',
  'azure.ai.openai',
  'gcp.gemini',
  'gcp.gen_ai',
  'gcp.vertex_ai',
  'ibm.watsonx.ai',
]);

/**
 * Canonical provider name: lower-cased, aliases mapped; null when blank. Any
 * other dotted name is a Vercel provider id (`openai.chat`): the Vercel SDK
 * writes it into `gen_ai.system` too, so only its head names the provider.
 */
export function canonicalProvider(name: string): string | null {
  const lower = name.trim().toLowerCase();
  if (lower === '') return null;
  const alias = PROVIDER_ALIASES.get(lower);
  if (alias !== undefined || DOTTED_PROVIDERS.has(lower)) return alias ?? lower;
  const head = beforeFirstDot(lower);
  return head === null ? null : (PROVIDER_ALIASES.get(head) ?? head);
}

/** Vercel `ai.model.provider` (`openai.chat`, `anthropic.messages`): the part before the first dot. */
export function beforeFirstDot(value: string): string | null {
  const dot = value.indexOf('.');
  const head = dot < 0 ? value : value.slice(0, dot);
  return head === '' ? null : head;
}

import { catalogProviderId } from './provider-aliases.js';

/** The spellings of one model name worth looking up, best first. */
export interface ModelNameCandidates {
  /** Lower-cased names, as sent first, then without a `provider/` or `models/` path. */
  names: string[];
  /** Extra spellings that overrides match against: Bedrock ids without their region prefix. */
  overrideNames: string[];
  /** The catalog provider the name itself points at (`openai/gpt-4o`, a Bedrock id), if any. */
  providerHint: string | null;
}

// Bedrock model ids (`anthropic.claude-…-v1:0`), optionally behind a cross-region prefix (`us.`).
const BEDROCK_REGION = /^(?:us|us-gov|eu|apac|au|ca|jp|global)\./;
const BEDROCK_VENDORS = [
  'anthropic', 'amazon', 'meta', 'mistral', 'cohere', 'ai21',
  'deepseek', 'openai', 'qwen', 'writer', 'google', 'nvidia',
];
const BEDROCK_VENDOR = new RegExp(`^(?:${BEDROCK_VENDORS.join('|')})\\.[a-z0-9]`);

/**
 * Splits a model name as found on a span into the spellings to look up:
 * `OpenAI/GPT-4o` → `openai/gpt-4o`, `gpt-4o` (hint `openai`); `models/gemini-1.5-pro`
 * → also `gemini-1.5-pro`; `us.anthropic.claude-…-v1:0` → hint `aws`.
 * The full name stays first because some catalogs key on it (Groq's `openai/gpt-oss-120b`).
 */
export function modelNameCandidates(model: string): ModelNameCandidates {
  const full = model.trim().toLowerCase();
  const names = [full];
  let providerHint: string | null = null;
  const slash = full.indexOf('/');
  if (slash > 0) {
    const head = full.slice(0, slash);
    const tail = full.slice(full.lastIndexOf('/') + 1);
    if (tail) names.push(tail);
    if (head !== 'models') providerHint = catalogProviderId(head);
  }
  const last = names[names.length - 1] ?? full;
  const regionless = last.replace(BEDROCK_REGION, '');
  if (providerHint === null && BEDROCK_VENDOR.test(regionless)) providerHint = 'aws';
  const overrideNames = [...names];
  if (regionless !== last) overrideNames.push(regionless);
  return { names, overrideNames, providerHint };
}

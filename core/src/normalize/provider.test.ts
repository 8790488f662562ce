import { describe, expect, it } from 'vitest';
import { canonicalProvider } from './provider.js';

describe('providers', () => {
  it.each([
    ['openai', 'openai'],
    ['OpenAI', 'openai'],
    ['Anthropic', 'anthropic'],
    ['Azure', 'azure.ai.openai'],
    ['az.ai.openai', 'azure.ai.openai'],
    ['azure.ai.openai', 'azure.ai.openai'],
    ['vertex_ai', 'gcp.vertex_ai'],
    ['gemini', 'gcp.gemini'],
    ['xai', 'x_ai'],
    ['aws.bedrock', 'aws.bedrock'],
    ['openai.chat', 'openai'],
    ['anthropic.messages', 'anthropic'],
    ['google.generative-ai', 'gcp.gen_ai'],
    ['amazon-bedrock', 'aws.bedrock'],
  ])('maps %s to %s', (raw, canonical) => {
    expect(canonicalProvider(raw)).toBe(canonical);
  });
});

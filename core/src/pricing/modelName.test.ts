import { describe, expect, it } from 'vitest';
import { modelNameCandidates } from './model-name.js';

describe('modelNameCandidates', () => {
  it('lower-cases and trims', () => {
    expect(modelNameCandidates(' GPT-4o ')).toEqual({
      names: ['gpt-4o'],
      overrideNames: ['gpt-4o'],
      providerHint: null,
    });
  });

  it('keeps the full name first and reads the provider from a path prefix', () => {
    expect(modelNameCandidates('openai/gpt-4o')).toMatchObject({
      names: ['openai/gpt-4o', 'gpt-4o'],
      providerHint: 'openai',
    });
    expect(modelNameCandidates('x_ai/grok-3')).toMatchObject({ providerHint: 'x-ai' });
  });

  it('drops the `models/` path of the Gemini API without taking it for a provider', () => {
    expect(modelNameCandidates('models/gemini-1.5-pro')).toMatchObject({
      names: ['models/gemini-1.5-pro', 'gemini-1.5-pro'],
      providerHint: null,
    });
  });

  it('recognises Bedrock ids, with or without a cross-region prefix', () => {
    expect(modelNameCandidates('anthropic.claude-3-5-sonnet-20240620-v1:0')).toMatchObject({ providerHint: 'aws' });
    expect(modelNameCandidates('us.anthropic.claude-3-5-sonnet-20241022-v2:0')).toEqual({
      names: ['us.anthropic.claude-3-5-sonnet-20241022-v2:0'],
      overrideNames: ['us.anthropic.claude-3-5-sonnet-20241022-v2:0', 'anthropic.claude-3-5-sonnet-20241022-v2:0'],
      providerHint: 'aws',
    });
    expect(modelNameCandidates('claude-3-5-sonnet-20241022')).toMatchObject({ providerHint: null });
  });
});

import { describe, expect, it } from 'vitest';
import { canonicalOperation } from './operation.js';

describe('operations', () => {
  it.each([
    ['chat', 'chat'],
    ['LLM', 'chat'],
    ['EMBEDDING', 'embeddings'],
    ['completion', 'text_completion'],
    ['AGENT', 'invoke_agent'],
    ['TOOL', 'execute_tool'],
    ['RETRIEVER', 'retrieval'],
    ['CHAIN', 'chain'],
    ['workflow', 'invoke_workflow'],
  ])('maps %s to %s', (raw, canonical) => {
    expect(canonicalOperation(raw)).toBe(canonical);
  });

  it('reads an unknown request type as no operation', () => {
    expect(canonicalOperation('unknown')).toBeNull();
  });
});

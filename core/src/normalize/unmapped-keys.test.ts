import { describe, expect, it } from 'vitest';
import { isUnknownGenAiKey, unmappedKeys } from './unmapped-keys.js';

describe('keys no mapping reads', () => {
  it('leaves out every key the field table and message lists read, and folds indexes', () => {
    const keys = unmappedKeys({
      'gen_ai.request.model': 'gpt-4o',
      'gen_ai.usage.input_tokens': 3,
      'llm.input_messages.0.message.role': 'user',
      'gen_ai.prompt.0.content': 'hi',
      'user.id': 'u1',
      'retrieval.documents.0.document.content': 'a',
      'retrieval.documents.1.document.content': 'b',
      'http.method': 'POST',
    });
    expect(keys.sort()).toEqual(['http.method', 'retrieval.documents.[i].document.content']);
  });

  it('flags gen_ai keys the semantic conventions do not define, not the ones they do', () => {
    expect(isUnknownGenAiKey('gen_ai.usage.total_tokens')).toBe(true);
    expect(isUnknownGenAiKey('gen_ai.usage.input_token')).toBe(true);
    expect(isUnknownGenAiKey('gen_ai.request.temperature')).toBe(false);
    expect(isUnknownGenAiKey('gen_ai.response.id')).toBe(false);
    expect(isUnknownGenAiKey('gen_ai.usage.input_tokens')).toBe(false);
    expect(isUnknownGenAiKey('llm.token_count.total')).toBe(false);
  });
});

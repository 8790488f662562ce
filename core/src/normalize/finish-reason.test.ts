import { describe, expect, it } from 'vitest';
import { canonicalFinishReason } from './finish-reason.js';

describe('finish reasons', () => {
  it.each([
    ['stop', 'stop'],
    ['end_turn', 'stop'],
    ['stop_sequence', 'stop'],
    ['STOP', 'stop'],
    ['COMPLETE', 'stop'],
    ['length', 'length'],
    ['max_tokens', 'length'],
    ['MAX_TOKENS', 'length'],
    ['tool_calls', 'tool_calls'],
    ['tool_call', 'tool_calls'],
    ['tool_use', 'tool_calls'],
    ['function_call', 'tool_calls'],
    ['tool-calls', 'tool_calls'],
    ['content_filter', 'content_filter'],
    ['content-filter', 'content_filter'],
    ['SAFETY', 'content_filter'],
    ['refusal', 'content_filter'],
    ['error', 'error'],
    ['other', 'other'],
  ])('maps %s to %s', (raw, canonical) => {
    expect(canonicalFinishReason(raw)).toBe(canonical);
  });

  it('passes unknown reasons through lower-cased, and blank ones as null', () => {
    expect(canonicalFinishReason('Pause_Turn')).toBe('pause_turn');
    expect(canonicalFinishReason('  ')).toBeNull();
  });
});

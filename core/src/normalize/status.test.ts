import { describe, expect, it } from 'vitest';
import { deriveSpanStatus } from './status.js';

describe('span status', () => {
  it('is an error when OpenTelemetry says so, whatever the finish reason', () => {
    expect(deriveSpanStatus(2, 'stop')).toBe('error');
    expect(deriveSpanStatus(2, null)).toBe('error');
  });

  it('is degraded when the answer was cut short or filtered', () => {
    expect(deriveSpanStatus(0, 'length')).toBe('degraded');
    expect(deriveSpanStatus(1, 'content_filter')).toBe('degraded');
  });

  it('maps a raw finish reason before judging it', () => {
    expect(deriveSpanStatus(0, 'max_tokens')).toBe('degraded');
    expect(deriveSpanStatus(0, 'content-filter')).toBe('degraded');
  });

  it('is an error when the generation itself ended in error', () => {
    expect(deriveSpanStatus(0, 'error')).toBe('error');
  });

  it('is ok for a normal stop, a tool call, or no finish reason', () => {
    expect(deriveSpanStatus(0, 'stop')).toBe('ok');
    expect(deriveSpanStatus(1, 'tool_calls')).toBe('ok');
    expect(deriveSpanStatus(0, null)).toBe('ok');
  });
});

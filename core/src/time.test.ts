import { describe, expect, it } from 'vitest';
import { latencyMs, nanosToIso, nanosToMillis } from './time.js';

describe('time', () => {
  it('keeps microseconds when turning nanoseconds into milliseconds', () => {
    expect(nanosToMillis(1_700_000_000_123_456_789n)).toBe(1_700_000_000_123.456);
  });
  it('never reports a negative latency for a span that ends before it starts', () => {
    expect(latencyMs(2_000_000n, 1_000_000n)).toBe(0);
    expect(latencyMs(1_000_000n, 3_500_000n)).toBe(2.5);
  });
  it('formats nanoseconds as ISO 8601 UTC', () => {
    expect(nanosToIso(1_700_000_000_123_456_789n)).toBe('2023-11-14T22:13:20.123Z');
  });
});

import { describe, expect, it } from 'vitest';
import { latencyMs } from './time.js';

describe('latencyMs', () => {
  it('keeps sub-millisecond precision and never reports a negative latency', () => {
    expect(latencyMs(1_000_000n, 3_500_000n)).toBe(2.5);
    expect(latencyMs(2_000_000n, 1_000_000n)).toBe(0);
  });
});

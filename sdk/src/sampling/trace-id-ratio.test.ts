import { describe, expect, it } from 'vitest';
import { traceIdWithinRate } from './trace-id-ratio.js';

describe('traceIdWithinRate', () => {
  it('reads the trace id low 52 bits as a fraction against the rate', () => {
    expect(traceIdWithinRate('ffffffffffffffffff0000000000000a', 0.001)).toBe(true);
    expect(traceIdWithinRate('0000000000000000000fffffffffffff', 0.999)).toBe(false);
    expect(traceIdWithinRate('00000000000000000008000000000000', 0.5)).toBe(false);
    expect(traceIdWithinRate('00000000000000000007ffffffffffff', 0.5)).toBe(true);
  });

  it('keeps everything at 1 and nothing at 0', () => {
    expect(traceIdWithinRate('0000000000000000000fffffffffffff', 1)).toBe(true);
    expect(traceIdWithinRate('00000000000000000000000000000000', 0)).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { asCount, MAX_TOKEN_COUNT } from './values.js';

describe('asCount', () => {
  it('reads non-negative numbers and numeric strings, rounding doubles', () => {
    expect(asCount(12)).toBe(12);
    expect(asCount('7')).toBe(7);
    expect(asCount(2.6)).toBe(3);
    expect(asCount(MAX_TOKEN_COUNT)).toBe(MAX_TOKEN_COUNT);
  });

  it('takes no value past what the integer columns hold for a count', () => {
    expect(asCount(MAX_TOKEN_COUNT + 1)).toBeNull();
    expect(asCount(2 ** 40)).toBeNull();
    expect(asCount('9223372036854775807')).toBeNull();
    expect(asCount('1e308')).toBeNull();
    expect(asCount(-1)).toBeNull();
    expect(asCount('Infinity')).toBeNull();
  });
});

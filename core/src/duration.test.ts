import { describe, expect, it } from 'vitest';
import { parseDurationMs } from './duration.js';

describe('parseDurationMs', () => {
  it('reads one number and one unit', () => {
    expect(parseDurationMs('24h')).toBe(86_400_000);
    expect(parseDurationMs('30m')).toBe(1_800_000);
    expect(parseDurationMs('7d')).toBe(604_800_000);
    expect(parseDurationMs('1.5h')).toBe(5_400_000);
    expect(parseDurationMs(' 90s ')).toBe(90_000);
    expect(parseDurationMs('500ms')).toBe(500);
    expect(parseDurationMs('2W')).toBe(1_209_600_000);
  });

  it('refuses anything else, and durations that are not positive', () => {
    for (const text of ['', '24', 'h', '1h30m', '-1h', '0h', '1y', 'abc', '1e3h']) expect(parseDurationMs(text), text).toBeNull();
  });
});

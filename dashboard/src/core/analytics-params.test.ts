import { describe, expect, it } from 'vitest';
import { analyticsParams, bucketEndMs, settingsFromSearch, tracesLink, windowOf } from './analytics-params';

const NOW = Date.parse('2026-12-03T12:00:30Z');

describe('analytics settings', () => {
  it('ask for a relative range ending at the next minute, with the bucket size the API would choose', () => {
    const settings = settingsFromSearch(new URLSearchParams('range=7d&group_by=tag&model=gpt-4o'));
    const window = windowOf(settings, NOW);
    expect(window).toEqual({ fromMs: Date.parse('2026-11-26T12:01:00Z'), toMs: Date.parse('2026-12-03T12:01:00Z'), interval: 'hour' });
    expect(analyticsParams(settings, window)).toEqual({ from: '2026-11-26T12:01:00.000Z', to: '2026-12-03T12:01:00.000Z', interval: 'hour', group_by: 'tag', model: 'gpt-4o' });
  });

  it('take a custom from/to over the range, and fall back to defaults on nonsense', () => {
    const custom = settingsFromSearch(new URLSearchParams('range=30d&from=2026-12-01T00:00:00Z&to=2026-12-01T03:00:00Z'));
    expect(windowOf(custom, NOW)).toEqual({ fromMs: Date.parse('2026-12-01T00:00:00Z'), toMs: Date.parse('2026-12-01T03:00:00Z'), interval: 'minute' });
    const nonsense = settingsFromSearch(new URLSearchParams('range=2y&group_by=colour&from=yesterday'));
    expect([nonsense.range, nonsense.groupBy]).toEqual(['24h', 'model']);
    expect(windowOf(nonsense, NOW).interval).toBe('hour');
  });

  it("link a bucket or a group to the traces behind it", () => {
    const settings = settingsFromSearch(new URLSearchParams('group_by=user_id&service=checkout'));
    const from = Date.parse('2026-12-03T11:00:00Z');
    expect(tracesLink(settings, from, bucketEndMs('2026-12-03T11:00:00.000Z', 'hour'), { by: 'user_id', key: 'u-1' })).toBe(
      '/traces?from=2026-12-03T11%3A00%3A00.000Z&to=2026-12-03T12%3A00%3A00.000Z&service=checkout&user_id=u-1',
    );
  });
});

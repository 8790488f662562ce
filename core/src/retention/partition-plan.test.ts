import { describe, expect, it } from 'vitest';
import { expiryCutoff, isDayExpired } from './expiry.js';
import { planDayPartitions, projectsExpiredOn } from './partition-plan.js';
import { dayOfPartition, dayPartitionName } from './partition-names.js';
import { longestTraceRetentionDays, retentionPolicy, shortestTraceRetentionDays, traceRetentionDaysOf } from './retention-policy.js';

const now = new Date('2026-12-03T02:00:00Z');

describe('expiry of whole UTC days', () => {
  it('expires a day once all of it is older than the retention', () => {
    // 7 days before 2026-12-03T02:00 is 2026-11-26T02:00: 11-25 is wholly older, 11-26 is not.
    expect(expiryCutoff(now, 7).toISOString()).toBe('2026-11-26T00:00:00.000Z');
    expect(isDayExpired('2026-11-25', now, 7)).toBe(true);
    expect(isDayExpired('2026-11-26', now, 7)).toBe(false);
    expect(isDayExpired('2026-12-03', now, 7)).toBe(false);
  });

  it('moves with the clock: the day after, one more day has gone', () => {
    expect(isDayExpired('2026-11-26', new Date('2026-12-04T00:00:00Z'), 7)).toBe(true);
    expect(isDayExpired('2026-11-26', new Date('2026-12-03T23:59:59.999Z'), 7)).toBe(false);
  });

  it('never expires what is not a day', () => {
    expect(isDayExpired('not-a-day', now, 1)).toBe(false);
  });
});

describe('retention per project', () => {
  const policy = retentionPolicy(7, [
    { projectId: 'long', traceRetentionDays: 30 },
    { projectId: 'short', traceRetentionDays: 2 },
    { projectId: 'plain', traceRetentionDays: null },
  ]);

  it('gives each project its override, and everyone else the platform default', () => {
    expect(traceRetentionDaysOf(policy, 'long')).toBe(30);
    expect(traceRetentionDaysOf(policy, 'short')).toBe(2);
    expect(traceRetentionDaysOf(policy, 'plain')).toBe(7);
    expect(traceRetentionDaysOf(policy, 'not-in-projects')).toBe(7);
    expect(longestTraceRetentionDays(policy)).toBe(30);
    expect(shortestTraceRetentionDays(policy)).toBe(2);
  });

  it('drops a shared day partition only when the longest retention has expired it', () => {
    const days = ['2026-12-04', '2026-12-03', '2026-12-01', '2026-11-30', '2026-11-25', '2026-11-03', '2026-11-02', '2026-10-01'];
    const plan = planDayPartitions(days, now, policy);
    expect(plan.drop).toEqual(['2026-10-01', '2026-11-02']);
    // kept for 'long', but some project's rows there may have expired
    expect(plan.partial).toEqual(['2026-11-03', '2026-11-25', '2026-11-30']);
  });

  it('names, for a kept day, the projects whose rows have expired there', () => {
    const projects = ['long', 'short', 'plain', 'unlisted'];
    expect(projectsExpiredOn('2026-11-25', projects, now, policy)).toEqual(['plain', 'short', 'unlisted']);
    expect(projectsExpiredOn('2026-11-30', projects, now, policy)).toEqual(['short']);
    expect(projectsExpiredOn('2026-12-01', projects, now, policy)).toEqual([]);
  });

  it('with no override, drops by the platform retention and deletes nothing row by row', () => {
    const plan = planDayPartitions(['2026-11-25', '2026-11-26', '2026-11-24'], now, retentionPolicy(7, []));
    expect(plan).toEqual({ drop: ['2026-11-24', '2026-11-25'], partial: [] });
  });
});

describe('day partition names', () => {
  it('reads back the day of the names the migrations create, and nothing else', () => {
    expect(dayPartitionName('spans', '2026-11-25')).toBe('spans_20261125');
    expect(dayOfPartition('spans', 'spans_20261125')).toBe('2026-11-25');
    expect(dayOfPartition('spans', 'span_search_20261125')).toBeNull();
    expect(dayOfPartition('span_search', 'span_search_20261125')).toBe('2026-11-25');
    expect(dayOfPartition('spans', 'spans_20261332')).toBeNull();
    expect(dayOfPartition('spans', 'spans_old')).toBeNull();
  });
});

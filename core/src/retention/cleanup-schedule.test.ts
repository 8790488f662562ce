import { describe, expect, it } from 'vitest';
import { LuminaError } from '../errors.js';
import { nextCleanupRun, parseCleanupSchedule } from './cleanup-schedule.js';

describe('the cleanup schedule', () => {
  it('runs the default schedule at 02:00 UTC, once a day', () => {
    const schedule = parseCleanupSchedule('0 2 * * *');
    expect(nextCleanupRun(schedule, new Date('2026-12-03T01:59:59Z'))?.toISOString()).toBe('2026-12-03T02:00:00.000Z');
    expect(nextCleanupRun(schedule, new Date('2026-12-03T02:00:00Z'))?.toISOString()).toBe('2026-12-04T02:00:00.000Z');
  });

  it('accepts a seconds field first', () => {
    const schedule = parseCleanupSchedule('*/10 * * * * *');
    expect(nextCleanupRun(schedule, new Date('2026-12-03T01:00:03Z'))?.toISOString()).toBe('2026-12-03T01:00:10.000Z');
  });

  it('refuses a bad expression with a stable code', () => {
    for (const bad of ['', 'every night', '0 25 * * *', '* * * * * * * *']) {
      expect(() => parseCleanupSchedule(bad)).toThrow(LuminaError);
      try {
        parseCleanupSchedule(bad);
      } catch (error) {
        expect((error as LuminaError).code).toBe('invalid_cleanup_schedule');
      }
    }
  });
});

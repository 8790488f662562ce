import { Cron } from 'croner';
import { LuminaError } from '../errors.js';

/** A cleanup schedule: a cron expression (5 fields, or 6 with seconds first), read in UTC. */
export interface CleanupSchedule {
  readonly expression: string;
  readonly cron: Cron;
}

/** Parses `CLEANUP_SCHEDULE`; throws LuminaError `invalid_cleanup_schedule` on a bad expression. */
export function parseCleanupSchedule(expression: string): CleanupSchedule {
  try {
    // paused: croner only evaluates the pattern here; the upkeep process owns the timer.
    const cron = new Cron(expression.trim(), { timezone: 'UTC', paused: true, mode: '5-or-6-parts' });
    if (cron.nextRun(new Date(0)) === null) throw new Error('it never fires');
    return { expression: expression.trim(), cron };
  } catch (error) {
    throw new LuminaError('invalid_cleanup_schedule', `invalid cron expression '${expression}': ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The first run strictly after `after`, or null when the schedule has none left. */
export function nextCleanupRun(schedule: CleanupSchedule, after: Date): Date | null {
  return schedule.cron.nextRun(after);
}

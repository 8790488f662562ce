/** Day arithmetic of retention, in UTC days written `YYYY-MM-DD` (the day partitions' days). */

export const DAY_MS = 86_400_000;

/** The UTC day (`YYYY-MM-DD`) holding a unix-ms instant. */
export function utcDayOf(unixMs: number): string {
  return new Date(Math.floor(unixMs / DAY_MS) * DAY_MS).toISOString().slice(0, 10);
}

/** Midnight UTC starting a `YYYY-MM-DD` day, in unix ms; NaN for anything that is not a day. */
export function dayStartMs(day: string): number {
  return /^\d{4}-\d{2}-\d{2}$/.test(day) ? Date.parse(`${day}T00:00:00Z`) : Number.NaN;
}

/**
 * The instant before which data kept `retentionDays` days has expired at `now`: midnight UTC
 * of the day `retentionDays` days ago. Whole days expire together, so a day partition and the
 * rows a project-scoped delete removes follow the same rule: nothing goes before it is
 * `retentionDays` days old, and everything of a day goes once its last instant is.
 */
export function expiryCutoff(now: Date, retentionDays: number): Date {
  return new Date(Math.floor((now.getTime() - retentionDays * DAY_MS) / DAY_MS) * DAY_MS);
}

/** Whether all of `day` has expired at `now` under a retention of `retentionDays`. */
export function isDayExpired(day: string, now: Date, retentionDays: number): boolean {
  return dayStartMs(day) < expiryCutoff(now, retentionDays).getTime();
}

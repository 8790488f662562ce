import { parseDurationMs } from '../duration.js';

/**
 * Alert windows by event time (span start): fixed lengths aligned on the epoch (1 h windows
 * start on the hour, UTC), or calendar budgets (UTC day, ISO week from Monday, month).
 */
export type WindowSpec = { kind: 'fixed'; ms: number } | { kind: 'calendar'; unit: 'day' | 'week' | 'month' };

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** Shortest and longest fixed window. */
export const MIN_WINDOW_MS = MINUTE_MS;
export const MAX_WINDOW_MS = 7 * DAY_MS;

const CALENDAR: Record<string, 'day' | 'week' | 'month'> = { '1d': 'day', day: 'day', '24h': 'day', '1w': 'week', '7d': 'week', week: 'week', '1mo': 'month', month: 'month' };

/** The window of a rule: budgets take calendar windows only; other kinds a fixed length of 1 min to 7 d. null: not a valid window. */
export function parseWindow(text: string, budget: boolean): WindowSpec | null {
  const trimmed = text.trim().toLowerCase();
  if (budget) {
    const unit = CALENDAR[trimmed];
    return unit ? { kind: 'calendar', unit } : null;
  }
  const ms = parseDurationMs(trimmed);
  return ms !== null && ms >= MIN_WINDOW_MS && ms <= MAX_WINDOW_MS && ms % 1000 === 0 ? { kind: 'fixed', ms } : null;
}

/** Start (epoch ms) of the window holding `timeMs`. */
export function windowStartMs(spec: WindowSpec, timeMs: number): number {
  if (spec.kind === 'fixed') return Math.floor(timeMs / spec.ms) * spec.ms;
  const day = Math.floor(timeMs / DAY_MS) * DAY_MS;
  if (spec.unit === 'day') return day;
  if (spec.unit === 'week') return day - ((new Date(day).getUTCDay() + 6) % 7) * DAY_MS;
  const date = new Date(timeMs);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
}

/** Start of the window `steps` windows after (negative: before) the one starting at `startMs`. */
export function shiftWindowMs(spec: WindowSpec, startMs: number, steps: number): number {
  if (spec.kind === 'fixed') return startMs + steps * spec.ms;
  if (spec.unit === 'day') return startMs + steps * DAY_MS;
  if (spec.unit === 'week') return startMs + steps * 7 * DAY_MS;
  const date = new Date(startMs);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + steps, 1);
}

/** End (exclusive) of the window starting at `startMs`. */
export function windowEndMs(spec: WindowSpec, startMs: number): number {
  return shiftWindowMs(spec, startMs, 1);
}

/** The rule's window as API.md writes it back (`1h`, `1d`, `1mo`). */
export function windowLabel(spec: WindowSpec, original: string): string {
  return spec.kind === 'calendar' ? { day: '1d', week: '1w', month: '1mo' }[spec.unit] : original.trim().toLowerCase();
}

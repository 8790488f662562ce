import type { VerdictState } from './judge.js';
import type { AlertType } from './rule.js';
import { windowEndMs, type WindowSpec } from './window.js';

/** The open (firing) alert of a rule's series, as far as the decision needs it. */
export interface OpenIncident {
  /** start of the latest window that breached */
  lastBreachWindowMs: number;
  /** wall-clock time the latest breach was seen */
  lastBreachAtMs: number;
}

/** What to do after judging a window: open a new alert, extend the open one, resolve it, or nothing. */
export type IncidentAction = 'fire' | 'extend' | 'resolve' | 'none';

/**
 * One incident sends one message: a breach opens an alert only when none is open for the
 * series and the last one resolved more than `cooldownMs` ago; a later window judged normal
 * resolves it (the same window never does: its average still holds the incident's calls).
 */
export function incidentAction(
  verdict: VerdictState,
  windowStartMs: number,
  open: OpenIncident | null,
  lastResolvedAtMs: number | null,
  nowMs: number,
  cooldownMs: number,
): IncidentAction {
  if (verdict === 'breach') {
    if (open) return 'extend';
    if (lastResolvedAtMs !== null && nowMs - lastResolvedAtMs < cooldownMs) return 'none';
    return 'fire';
  }
  if (verdict === 'normal' && open && windowStartMs > open.lastBreachWindowMs) return 'resolve';
  return 'none';
}

/**
 * The timer's verdict on an open alert when no data says anything: a budget resolves when its
 * window closes (a new day's spend starts at zero); any other kind when a whole window of wall
 * clock passed without a breach (the signal is gone, or so is the traffic).
 */
export function resolvesByTime(type: AlertType, spec: WindowSpec, open: OpenIncident, nowMs: number): boolean {
  if (type === 'budget') return nowMs >= windowEndMs(spec, open.lastBreachWindowMs);
  const lengthMs = windowEndMs(spec, open.lastBreachWindowMs) - open.lastBreachWindowMs;
  return nowMs - open.lastBreachAtMs >= lengthMs;
}

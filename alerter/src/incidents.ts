import type pg from 'pg';
import { alertMessage, dominantModel, incidentAction, windowEndMs, type AlertRule, type Verdict, type WindowSpec, type WindowStats } from '@lumina/core';
import { enqueueNotifications, extendAlert, insertAlert, resolveAlert, toApiAlert, type AlertRow, type NewNotification } from '@lumina/db';

/** What a transaction did to alerts, for the metrics after it commits. */
export interface IncidentChanges {
  fired: string[];
  resolved: string[];
  notifications: number;
}

export const noChanges = (): IncidentChanges => ({ fired: [], resolved: [], notifications: 0 });

/** The notifications of an alert event, one per channel the rule has. */
function notificationsFor(rule: AlertRule, alert: AlertRow, event: 'firing' | 'resolved'): NewNotification[] {
  const body = toApiAlert(alert);
  const out: NewNotification[] = [];
  if (rule.webhookUrl) out.push({ projectId: alert.project_id, alertId: alert.alert_id, event, channel: 'webhook', url: rule.webhookUrl, body });
  if (rule.slackWebhookUrl) out.push({ projectId: alert.project_id, alertId: alert.alert_id, event, channel: 'slack', url: rule.slackWebhookUrl, body: { text: alert.message } });
  return out;
}

export interface JudgedWindow {
  rule: AlertRule;
  spec: WindowSpec;
  series: string;
  windowStartMs: number;
  stats: WindowStats;
  verdict: Verdict;
  historyWindows: number;
}

/** The series' incident state, carried through the windows judged in one transaction. */
export interface IncidentState {
  open: AlertRow | null;
  lastResolvedAtMs: number | null;
}

/** Applies one window's verdict: fires, extends or resolves the series' alert, writing the notifications in the same transaction. */
export async function applyVerdict(client: pg.ClientBase, judged: JudgedWindow, state: IncidentState, nowMs: number, cooldownMs: number, changes: IncidentChanges): Promise<void> {
  const { rule, verdict, series, windowStartMs, stats } = judged;
  const open = state.open ? { lastBreachWindowMs: state.open.last_breach_window.getTime(), lastBreachAtMs: state.open.last_breach_at.getTime() } : null;
  const action = incidentAction(verdict.state, windowStartMs, open, state.lastResolvedAtMs, nowMs, cooldownMs);
  if (action === 'none') return;
  if (action === 'extend' && state.open) {
    await extendAlert(client, state.open.alert_id, windowStartMs);
    return;
  }
  const service = rule.service ?? (series || null);
  const model = rule.model ?? dominantModel(stats);
  if (action === 'fire') {
    const alert = await insertAlert(client, {
      projectId: rule.projectId,
      ruleId: rule.ruleId,
      series,
      type: rule.type,
      service,
      model,
      baseline: verdict.baseline,
      current: verdict.current,
      changePct: verdict.changePct,
      threshold: rule.threshold,
      window: rule.window,
      windowStartMs,
      traceIds: stats.samples.map((sample) => sample.traceId),
      evidence: {
        window_start: new Date(windowStartMs).toISOString(),
        window_end: new Date(windowEndMs(judged.spec, windowStartMs)).toISOString(),
        calls: stats.calls,
        cost_usd: stats.costSum,
        models: stats.models,
        min_samples: rule.minSamples,
        baseline_windows: judged.historyWindows,
        ...(verdict.quality ? { quality: { baseline: verdict.quality.baseline, current: verdict.quality.current, change_pct: verdict.quality.changePct } } : {}),
      },
      message: alertMessage(rule, verdict, { service, model, window: rule.window }, 'firing'),
    });
    state.open = alert;
    changes.fired.push(rule.type);
    changes.notifications += await enqueueNotifications(client, notificationsFor(rule, alert, 'firing'));
    return;
  }
  if (action === 'resolve' && state.open) {
    const resolved = await resolveAlert(client, state.open.alert_id, alertMessage(rule, verdict, { service, model: state.open.model, window: rule.window }, 'resolved'));
    state.open = null;
    state.lastResolvedAtMs = nowMs;
    if (!resolved) return;
    changes.resolved.push(rule.type);
    changes.notifications += await enqueueNotifications(client, notificationsFor(rule, resolved, 'resolved'));
  }
}

/** Resolves an alert whose signal went away with the clock (the timer), with its notifications. */
export async function resolveByTime(client: pg.ClientBase, rule: AlertRule | null, alert: AlertRow, changes: IncidentChanges): Promise<void> {
  const message = rule
    ? `Resolved: ${rule.name} — no breach for a whole ${rule.window} window (${alert.type}${alert.service ? `, service ${alert.service}` : ''})`
    : `Resolved: the rule of this alert was deleted or disabled`;
  const resolved = await resolveAlert(client, alert.alert_id, message);
  if (!resolved) return;
  changes.resolved.push(alert.type);
  if (rule) changes.notifications += await enqueueNotifications(client, notificationsFor(rule, resolved, 'resolved'));
}

import type pg from 'pg';
import { parseWindow, resolvesByTime, type AlertRule } from '@lumina/core';
import { inTransaction, lockSeries, pruneFactKeys, readFiringAlerts, readIncident, ruleFromRow, rulesByIdQuery, type AlertRuleRow } from '@lumina/db';
import { noChanges, resolveByTime, type IncidentChanges } from './incidents.js';

/**
 * The timer's pass over firing alerts: those whose window closed without a new breach (or
 * whose rule is gone or disabled) resolve, each in its own transaction under the series lock.
 */
export async function closeWindows(pool: pg.Pool, nowMs: number): Promise<IncidentChanges> {
  const changes = noChanges();
  const firing = await readFiringAlerts(pool);
  if (firing.length === 0) return changes;
  const { text, values } = rulesByIdQuery([...new Set(firing.map((alert) => alert.rule_id))]);
  const rules = new Map((await pool.query<AlertRuleRow>(text, values)).rows.map((row) => [row.rule_id, ruleFromRow(row)]));
  for (const alert of firing) {
    const rule: AlertRule | undefined = rules.get(alert.rule_id);
    const live = rule && rule.enabled ? rule : null;
    const spec = live ? parseWindow(live.window, live.type === 'budget') : null;
    const due = !live || !spec || resolvesByTime(live.type, spec, { lastBreachWindowMs: alert.last_breach_window.getTime(), lastBreachAtMs: alert.last_breach_at.getTime() }, nowMs);
    if (!due) continue;
    await inTransaction(pool, async (client) => {
      await lockSeries(client, [`alert-series/${alert.rule_id}/${alert.series}`]);
      const { open } = await readIncident(client, alert.rule_id, alert.series);
      // a fact may have extended it meanwhile: judge the fresh row
      const stillDue = open && open.alert_id === alert.alert_id && (!live || !spec || resolvesByTime(live.type, spec, { lastBreachWindowMs: open.last_breach_window.getTime(), lastBreachAtMs: open.last_breach_at.getTime() }, nowMs));
      if (stillDue) await resolveByTime(client, live, open, changes);
    });
  }
  return changes;
}

export { pruneFactKeys };

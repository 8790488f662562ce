import { SqlParams, whereClause, type SqlQuery } from '../read/sql-params.js';

/** A stored alert as Postgres returns it. */
export interface AlertRow {
  project_id: string;
  alert_id: string;
  rule_id: string;
  series: string;
  type: string;
  service: string | null;
  model: string | null;
  status: 'firing' | 'resolved';
  baseline: number | null;
  current: number | null;
  change_pct: number | null;
  threshold: number;
  window: string;
  window_start: Date;
  trace_ids: string[];
  evidence: Record<string, unknown>;
  message: string;
  fired_at: Date;
  resolved_at: Date | null;
  last_breach_window: Date;
  last_breach_at: Date;
  acknowledged_at: Date | null;
  acknowledged_by: string | null;
}

export const ALERT_COLUMNS = `project_id, alert_id, rule_id, series, type, service, model, status, baseline, current, change_pct, threshold,
  "window", window_start, trace_ids, evidence, message, fired_at, resolved_at, last_breach_window, last_breach_at, acknowledged_at, acknowledged_by`;

export interface AlertFilters {
  status?: 'firing' | 'resolved' | undefined;
  type?: string | undefined;
  service?: string | undefined;
  ruleId?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
}

/** Alerts of a project, newest first, keyset-paginated on (fired_at, alert_id); `limit + 1` rows. */
export function listAlertsQuery(projectId: string, filters: AlertFilters, after: { firedAtUs: string; alertId: string } | null, limit: number): SqlQuery {
  const params = new SqlParams();
  const conditions = [`project_id = ${params.add(projectId, 'text')}`];
  if (filters.status) conditions.push(`status = ${params.add(filters.status, 'text')}`);
  if (filters.type) conditions.push(`type = ${params.add(filters.type, 'text')}`);
  if (filters.service) conditions.push(`service = ${params.add(filters.service, 'text')}`);
  if (filters.ruleId) conditions.push(`rule_id = ${params.add(filters.ruleId, 'text')}`);
  if (filters.from) conditions.push(`fired_at >= ${params.add(filters.from, 'timestamptz')}`);
  if (filters.to) conditions.push(`fired_at < ${params.add(filters.to, 'timestamptz')}`);
  if (after) {
    conditions.push(`(fired_at, alert_id) < (to_timestamp(${params.add(after.firedAtUs, 'float8')} / 1e6), ${params.add(after.alertId, 'text')})`);
  }
  return params.query(`SELECT ${ALERT_COLUMNS}, (extract(epoch FROM fired_at) * 1e6)::bigint::text AS fired_at_us
FROM alerts ${whereClause(conditions)}
ORDER BY fired_at DESC, alert_id DESC LIMIT ${params.add(limit + 1, 'int4')}`);
}

export function readAlertQuery(projectId: string, alertId: string): SqlQuery {
  return { text: `SELECT ${ALERT_COLUMNS} FROM alerts WHERE project_id = $1 AND alert_id = $2`, values: [projectId, alertId] };
}

/** Acknowledges an alert (the first acknowledgement stays); no row when the project has no such alert. */
export function acknowledgeAlertQuery(projectId: string, alertId: string, by: string | null): SqlQuery {
  return {
    text: `UPDATE alerts SET acknowledged_at = coalesce(acknowledged_at, now()), acknowledged_by = coalesce(acknowledged_by, $3)
WHERE project_id = $1 AND alert_id = $2 RETURNING ${ALERT_COLUMNS}`,
    values: [projectId, alertId, by],
  };
}

/** An alert as API.md shows it (also the generic webhook's JSON body). */
export interface ApiAlert {
  alert_id: string;
  rule_id: string;
  type: string;
  service: string | null;
  model: string | null;
  status: 'firing' | 'resolved';
  baseline: number | null;
  current: number | null;
  change_pct: number | null;
  threshold: number;
  window: string;
  window_start: string;
  trace_ids: string[];
  fired_at: string;
  resolved_at: string | null;
  acknowledged_at: string | null;
  message: string;
  evidence: Record<string, unknown>;
}

export function toApiAlert(row: AlertRow): ApiAlert {
  return {
    alert_id: row.alert_id,
    rule_id: row.rule_id,
    type: row.type,
    service: row.service,
    model: row.model,
    status: row.status,
    baseline: row.baseline,
    current: row.current,
    change_pct: row.change_pct === null ? null : Math.round(row.change_pct * 100) / 100,
    threshold: row.threshold,
    window: row.window,
    window_start: row.window_start.toISOString(),
    trace_ids: row.trace_ids,
    fired_at: row.fired_at.toISOString(),
    resolved_at: row.resolved_at?.toISOString() ?? null,
    acknowledged_at: row.acknowledged_at?.toISOString() ?? null,
    message: row.message,
    evidence: row.evidence,
  };
}

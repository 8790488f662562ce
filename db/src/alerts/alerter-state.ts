import type pg from 'pg';
import { ALERT_COLUMNS, type AlertRow } from './alerts.js';

/** What the alerter keeps in Postgres between facts: its statements, run inside its transactions. */

export interface FactKey {
  projectId: string;
  traceId: string;
  spanId: string;
}

/**
 * Serializes the work on rule series across alerter replicas: transaction-scoped advisory
 * locks taken in one order (sorted), so two replicas never deadlock.
 */
export async function lockSeries(client: pg.ClientBase, keys: string[]): Promise<void> {
  const sorted = [...new Set(keys)].sort();
  for (const key of sorted) await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 7))', [key]);
}

/** Records the facts' keys; returns the keys not seen before (a redelivered fact counts once). */
export async function claimFactKeys(client: pg.ClientBase, keys: FactKey[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const result = await client.query<{ project_id: string; trace_id: string; span_id: string }>(
    `INSERT INTO alert_fact_keys (project_id, trace_id, span_id)
SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) ON CONFLICT DO NOTHING RETURNING project_id, trace_id, span_id`,
    [keys.map((k) => k.projectId), keys.map((k) => k.traceId), keys.map((k) => k.spanId)],
  );
  return new Set(result.rows.map((row) => factKeyText({ projectId: row.project_id, traceId: row.trace_id, spanId: row.span_id })));
}

export const factKeyText = (key: FactKey) => `${key.projectId}\u0000${key.traceId}\u0000${key.spanId}`;

/** Window stats of a rule series in [fromMs, toMs]. */
export async function readWindowStats<Stats>(client: pg.ClientBase, ruleId: string, series: string, fromMs: number, toMs: number): Promise<Map<number, Stats>> {
  const result = await client.query<{ start_ms: string; stats: Stats }>(
    `SELECT (extract(epoch FROM window_start) * 1000)::bigint::text AS start_ms, stats FROM alert_window_stats
WHERE rule_id = $1 AND series = $2 AND window_start BETWEEN to_timestamp($3::float8 / 1000) AND to_timestamp($4::float8 / 1000)`,
    [ruleId, series, fromMs, toMs],
  );
  return new Map(result.rows.map((row) => [Number(row.start_ms), row.stats]));
}

export interface WindowStatsWrite {
  ruleId: string;
  series: string;
  windowStartMs: number;
  stats: unknown;
}

export async function writeWindowStats(client: pg.ClientBase, rows: WindowStatsWrite[]): Promise<void> {
  if (rows.length === 0) return;
  await client.query(
    `INSERT INTO alert_window_stats (rule_id, series, window_start, stats)
SELECT r, s, to_timestamp(w::float8 / 1000), j FROM unnest($1::text[], $2::text[], $3::bigint[], $4::jsonb[]) AS t(r, s, w, j)
ON CONFLICT (rule_id, series, window_start) DO UPDATE SET stats = EXCLUDED.stats, updated_at = now()`,
    [rows.map((r) => r.ruleId), rows.map((r) => r.series), rows.map((r) => r.windowStartMs), rows.map((r) => JSON.stringify(r.stats))],
  );
}

/** The firing alert of a rule series, and when its last alert resolved. */
export async function readIncident(client: pg.ClientBase, ruleId: string, series: string): Promise<{ open: AlertRow | null; lastResolvedAt: Date | null }> {
  const open = await client.query<AlertRow>(`SELECT ${ALERT_COLUMNS} FROM alerts WHERE rule_id = $1 AND series = $2 AND status = 'firing'`, [ruleId, series]);
  const resolved = await client.query<{ resolved_at: Date }>(
    `SELECT resolved_at FROM alerts WHERE rule_id = $1 AND series = $2 AND status = 'resolved' ORDER BY resolved_at DESC LIMIT 1`,
    [ruleId, series],
  );
  return { open: open.rows[0] ?? null, lastResolvedAt: resolved.rows[0]?.resolved_at ?? null };
}

export interface NewAlert {
  projectId: string;
  ruleId: string;
  series: string;
  type: string;
  service: string | null;
  model: string | null;
  baseline: number | null;
  current: number | null;
  changePct: number | null;
  threshold: number;
  window: string;
  windowStartMs: number;
  traceIds: string[];
  evidence: Record<string, unknown>;
  message: string;
}

export async function insertAlert(client: pg.ClientBase, alert: NewAlert): Promise<AlertRow> {
  const result = await client.query<AlertRow>(
    `INSERT INTO alerts (project_id, rule_id, series, type, service, model, status, baseline, current, change_pct, threshold, "window",
  window_start, trace_ids, evidence, message, last_breach_window)
VALUES ($1, $2, $3, $4, $5, $6, 'firing', $7, $8, $9, $10, $11, to_timestamp($12::float8 / 1000), $13, $14, $15, to_timestamp($12::float8 / 1000))
RETURNING ${ALERT_COLUMNS}`,
    [alert.projectId, alert.ruleId, alert.series, alert.type, alert.service, alert.model, alert.baseline, alert.current, alert.changePct, alert.threshold, alert.window, alert.windowStartMs, alert.traceIds, JSON.stringify(alert.evidence), alert.message],
  );
  return result.rows[0] as AlertRow;
}

/** The incident goes on: remember the latest breaching window (no new message). */
export async function extendAlert(client: pg.ClientBase, alertId: string, windowStartMs: number): Promise<void> {
  await client.query(
    `UPDATE alerts SET last_breach_window = greatest(last_breach_window, to_timestamp($2::float8 / 1000)), last_breach_at = now() WHERE alert_id = $1`,
    [alertId, windowStartMs],
  );
}

export async function resolveAlert(client: pg.ClientBase, alertId: string, message: string): Promise<AlertRow | null> {
  const result = await client.query<AlertRow>(
    `UPDATE alerts SET status = 'resolved', resolved_at = now(), message = $2 WHERE alert_id = $1 AND status = 'firing' RETURNING ${ALERT_COLUMNS}`,
    [alertId, message],
  );
  return result.rows[0] ?? null;
}

/** Firing alerts (the timer checks whether their signal went away with the clock). */
export async function readFiringAlerts(client: pg.ClientBase | pg.Pool): Promise<AlertRow[]> {
  return (await client.query<AlertRow>(`SELECT ${ALERT_COLUMNS} FROM alerts WHERE status = 'firing'`)).rows;
}

/** Forgets fact keys older than `retentionMs` (redeliveries come within minutes). */
export async function pruneFactKeys(pool: pg.Pool, retentionMs: number): Promise<number> {
  const result = await pool.query(`DELETE FROM alert_fact_keys WHERE seen_at < now() - make_interval(secs => $1::float8 / 1000)`, [retentionMs]);
  return result.rowCount ?? 0;
}

import type pg from 'pg';

/** A notification waiting in the outbox (written with its alert, delivered by any replica). */
export interface NotificationRow {
  notification_id: string;
  project_id: string;
  alert_id: string;
  event: 'firing' | 'resolved';
  channel: 'webhook' | 'slack';
  url: string;
  body: unknown;
  attempts: number;
}

export interface NewNotification {
  projectId: string;
  alertId: string;
  event: 'firing' | 'resolved';
  channel: 'webhook' | 'slack';
  url: string;
  body: unknown;
}

/** Adds notifications in the caller's transaction; one per alert, event and channel whatever happens. */
export async function enqueueNotifications(client: pg.ClientBase, notifications: NewNotification[]): Promise<number> {
  if (notifications.length === 0) return 0;
  const result = await client.query(
    `INSERT INTO alert_notifications (project_id, alert_id, event, channel, url, body)
SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::jsonb[]) ON CONFLICT DO NOTHING`,
    [
      notifications.map((n) => n.projectId),
      notifications.map((n) => n.alertId),
      notifications.map((n) => n.event),
      notifications.map((n) => n.channel),
      notifications.map((n) => n.url),
      notifications.map((n) => JSON.stringify(n.body)),
    ],
  );
  return result.rowCount ?? 0;
}

/**
 * Claims due notifications for `leaseMs` (another replica takes them over if this one dies
 * before it settles them), oldest first; counts the attempt.
 */
export async function claimNotifications(pool: pg.Pool, limit: number, leaseMs: number): Promise<NotificationRow[]> {
  const result = await pool.query<NotificationRow>(
    `UPDATE alert_notifications n SET lease_until = now() + make_interval(secs => $2::float8 / 1000), attempts = n.attempts + 1
WHERE notification_id IN (
  SELECT notification_id FROM alert_notifications
  WHERE delivered_at IS NULL AND failed_at IS NULL AND next_attempt_at <= now() AND (lease_until IS NULL OR lease_until < now())
  ORDER BY next_attempt_at, notification_id LIMIT $1 FOR UPDATE SKIP LOCKED)
RETURNING notification_id::text, project_id, alert_id, event, channel, url, body, attempts`,
    [limit, leaseMs],
  );
  return result.rows;
}

export async function markDelivered(pool: pg.Pool, id: string): Promise<void> {
  await pool.query(`UPDATE alert_notifications SET delivered_at = now(), lease_until = NULL, last_error = NULL WHERE notification_id = $1`, [id]);
}

export async function scheduleRetry(pool: pg.Pool, id: string, delayMs: number, error: string): Promise<void> {
  await pool.query(
    `UPDATE alert_notifications SET next_attempt_at = now() + make_interval(secs => $2::float8 / 1000), lease_until = NULL, last_error = $3 WHERE notification_id = $1`,
    [id, delayMs, error],
  );
}

export async function markFailed(pool: pg.Pool, id: string, error: string): Promise<void> {
  await pool.query(`UPDATE alert_notifications SET failed_at = now(), lease_until = NULL, last_error = $2 WHERE notification_id = $1`, [id, error]);
}

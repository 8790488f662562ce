import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from '@hono/zod-openapi';
import { ALERT_TYPES } from '@lumina/core';
import { acknowledgeAlertQuery, listAlertsQuery, toApiAlert, type AlertRow } from '@lumina/db';
import type { AppEnv, RouteDeps } from '../app-env.js';
import { decodeCursor } from '../cursor.js';
import { QueryApiError } from '../errors.js';
import { toPage } from '../pages.js';
import { enumParam, integerParam, textParam, timeParam } from '../params/values.js';
import { validationError } from '../validation.js';

const AlertsQuery = z.strictObject({
  status: enumParam(['firing', 'resolved'], 'firing or resolved').optional(),
  type: enumParam(ALERT_TYPES, 'the rule kind').optional(),
  service: textParam('service name').optional(),
  rule_id: textParam('the rule', 64).optional(),
  from: timeParam('fired at or after').optional(),
  to: timeParam('fired before').optional(),
  limit: integerParam('page size (default 50)', 1, 500).optional(),
  cursor: textParam('next_cursor of the previous page', 1024).optional(),
});

const ALERT_ID = /^[0-9a-f-]{1,64}$/i;

/** API.md "Alerts": the alerts list with filters, newest first, and acknowledgement. */
export function registerAlertRoutes(app: OpenAPIHono<AppEnv>, { db }: RouteDeps): void {
  app.get('/api/alerts', async (c) => {
    const parsed = AlertsQuery.safeParse(c.req.query());
    if (!parsed.success) throw validationError(parsed.error);
    const { limit = 50, cursor, status, type, service, rule_id: ruleId, from, to } = parsed.data;
    const position = cursor === undefined ? null : decodeCursor('alerts', cursor);
    const rows = await db.rows<AlertRow & { fired_at_us: string }>(
      listAlertsQuery(c.get('projectId'), { status, type, service, ruleId, from, to }, position && { firedAtUs: position.startUs, alertId: position.ids[0] as string }, limit),
    );
    return c.json(toPage(rows, limit, 'alerts', (row) => ({ startUs: row.fired_at_us, ids: [row.alert_id] }), toApiAlert), 200);
  });

  app.post('/api/alerts/:alert_id/ack', async (c) => {
    const id = c.req.param('alert_id');
    if (!ALERT_ID.test(id)) throw new QueryApiError('not_found', `no alert ${id.slice(0, 64)}`);
    const by = c.req.header('x-lumina-user') ?? null;
    const [row] = await db.rows<AlertRow>(acknowledgeAlertQuery(c.get('projectId'), id.toLowerCase(), by));
    if (!row) throw new QueryApiError('not_found', `no alert ${id}`);
    return c.json(toApiAlert(row), 200);
  });
}

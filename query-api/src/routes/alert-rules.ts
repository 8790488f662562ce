import type { Context } from 'hono';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { validateRuleInput, type AlertRuleInput } from '@lumina/core';
import { deleteRuleQuery, insertRuleQuery, listRulesQuery, readRuleQuery, updateRuleQuery, type AlertRuleRow } from '@lumina/db';
import type { AppEnv, RouteDeps } from '../app-env.js';
import { QueryApiError } from '../errors.js';

/** A rule as API.md shows it. */
export function toApiRule(row: AlertRuleRow) {
  return {
    rule_id: row.rule_id,
    name: row.name,
    type: row.type,
    service: row.service,
    model: row.model,
    tag: row.tag,
    user_id: row.user_id,
    threshold: row.threshold,
    window: row.window,
    min_samples: row.min_samples,
    quality_floor: row.quality_floor,
    quality_threshold: row.quality_threshold,
    webhook_url: row.webhook_url,
    slack_webhook_url: row.slack_webhook_url,
    enabled: row.enabled,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

/** The request body as a checked rule; a 400 naming the field otherwise. */
async function ruleBody(c: Context<AppEnv>): Promise<AlertRuleInput> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/json\b/i.test(type)) throw new QueryApiError('invalid_body', `the body must be application/json${type ? ` (got ${type})` : ''}`, { field: 'body' });
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new QueryApiError('invalid_body', 'the request body is not valid JSON', { field: 'body' });
  }
  const checked = validateRuleInput(body);
  if (!checked.ok) throw new QueryApiError('invalid_body', checked.message, { field: checked.field });
  return checked.rule;
}

const RULE_ID = /^[0-9a-f-]{1,64}$/i;
function ruleIdOf(c: Context<AppEnv>): string {
  const id = c.req.param('rule_id') ?? '';
  if (!RULE_ID.test(id)) throw new QueryApiError('not_found', `no alert rule ${id.slice(0, 64)}`);
  return id.toLowerCase();
}

/** API.md "Alerts": rules CRUD. Reads need `read`, writes `admin` (app.ts); a project sees only its own rules. */
export function registerAlertRuleRoutes(app: OpenAPIHono<AppEnv>, { db }: RouteDeps): void {
  app.post('/api/alert-rules', async (c) => {
    const rule = await ruleBody(c);
    const [row] = await db.rows<AlertRuleRow>(insertRuleQuery(c.get('projectId'), rule));
    return c.json(toApiRule(row as AlertRuleRow), 201);
  });

  app.get('/api/alert-rules', async (c) => {
    const rows = await db.rows<AlertRuleRow>(listRulesQuery(c.get('projectId')));
    return c.json({ data: rows.map(toApiRule) }, 200);
  });

  app.get('/api/alert-rules/:rule_id', async (c) => {
    const id = ruleIdOf(c);
    const [row] = await db.rows<AlertRuleRow>(readRuleQuery(c.get('projectId'), id));
    if (!row) throw new QueryApiError('not_found', `no alert rule ${id}`);
    return c.json(toApiRule(row), 200);
  });

  app.put('/api/alert-rules/:rule_id', async (c) => {
    const id = ruleIdOf(c);
    const rule = await ruleBody(c);
    const [row] = await db.rows<AlertRuleRow>(updateRuleQuery(c.get('projectId'), id, rule));
    if (!row) throw new QueryApiError('not_found', `no alert rule ${id}`);
    return c.json(toApiRule(row), 200);
  });

  app.delete('/api/alert-rules/:rule_id', async (c) => {
    const id = ruleIdOf(c);
    const [row] = await db.rows<{ rule_id: string }>(deleteRuleQuery(c.get('projectId'), id));
    if (!row) throw new QueryApiError('not_found', `no alert rule ${id}`);
    return c.body(null, 204);
  });
}

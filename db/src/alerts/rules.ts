import type { AlertRule, AlertRuleInput, AlertType } from '@lumina/core';
import { SqlParams, type SqlQuery } from '../read/sql-params.js';

/** A stored alert rule as Postgres returns it. */
export interface AlertRuleRow {
  project_id: string;
  rule_id: string;
  name: string;
  type: AlertType;
  service: string | null;
  model: string | null;
  tag: string | null;
  user_id: string | null;
  threshold: number;
  window: string;
  min_samples: number;
  quality_floor: number | null;
  quality_threshold: number | null;
  webhook_url: string | null;
  slack_webhook_url: string | null;
  enabled: boolean;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = `project_id, rule_id, name, type, service, model, tag, user_id, threshold, "window", min_samples,
  quality_floor, quality_threshold, webhook_url, slack_webhook_url, enabled, created_at, updated_at`;

/** The rule the alerter evaluates. */
export function ruleFromRow(row: AlertRuleRow): AlertRule {
  return {
    ruleId: row.rule_id,
    projectId: row.project_id,
    name: row.name,
    type: row.type,
    service: row.service,
    model: row.model,
    tag: row.tag,
    userId: row.user_id,
    threshold: row.threshold,
    window: row.window,
    minSamples: row.min_samples,
    qualityFloor: row.quality_floor,
    qualityThreshold: row.quality_threshold,
    webhookUrl: row.webhook_url,
    slackWebhookUrl: row.slack_webhook_url,
    enabled: row.enabled,
  };
}

function ruleValues(params: SqlParams, rule: AlertRuleInput): string[] {
  return [
    params.add(rule.name, 'text'),
    params.add(rule.type, 'text'),
    params.add(rule.service, 'text'),
    params.add(rule.model, 'text'),
    params.add(rule.tag, 'text'),
    params.add(rule.userId, 'text'),
    params.add(rule.threshold, 'float8'),
    params.add(rule.window, 'text'),
    params.add(rule.minSamples, 'int4'),
    params.add(rule.qualityFloor, 'float8'),
    params.add(rule.qualityThreshold, 'float8'),
    params.add(rule.webhookUrl, 'text'),
    params.add(rule.slackWebhookUrl, 'text'),
    params.add(rule.enabled, 'bool'),
  ];
}

const WRITABLE = `name, type, service, model, tag, user_id, threshold, "window", min_samples, quality_floor, quality_threshold, webhook_url, slack_webhook_url, enabled`;

export function insertRuleQuery(projectId: string, rule: AlertRuleInput): SqlQuery {
  const params = new SqlParams();
  const project = params.add(projectId, 'text');
  return params.query(`INSERT INTO alert_rules (project_id, ${WRITABLE}) VALUES (${project}, ${ruleValues(params, rule).join(', ')}) RETURNING ${COLUMNS}`);
}

/**
 * Replaces a rule's fields (PUT); no row when the project has no such rule. When what the rule
 * counts changes (kind, window or filters), its window state is dropped: the baseline is
 * learnt again rather than mixing two definitions.
 */
export function updateRuleQuery(projectId: string, ruleId: string, rule: AlertRuleInput): SqlQuery {
  const params = new SqlParams();
  const values = ruleValues(params, rule);
  const project = params.add(projectId, 'text');
  const id = params.add(ruleId, 'text');
  return params.query(`WITH old AS (
  SELECT rule_id, type, "window", service, model, tag, user_id FROM alert_rules WHERE project_id = ${project} AND rule_id = ${id} FOR UPDATE
), updated AS (
  UPDATE alert_rules SET (${WRITABLE}, updated_at) = (${values.join(', ')}, now())
  WHERE project_id = ${project} AND rule_id = ${id} RETURNING ${COLUMNS}
), forget AS (
  DELETE FROM alert_window_stats s USING old, updated
  WHERE s.rule_id = updated.rule_id
    AND (old.type, old."window", old.service, old.model, old.tag, old.user_id) IS DISTINCT FROM (updated.type, updated."window", updated.service, updated.model, updated.tag, updated.user_id)
)
SELECT * FROM updated`);
}

export function readRuleQuery(projectId: string, ruleId: string): SqlQuery {
  return { text: `SELECT ${COLUMNS} FROM alert_rules WHERE project_id = $1 AND rule_id = $2`, values: [projectId, ruleId] };
}

export function listRulesQuery(projectId: string): SqlQuery {
  return { text: `SELECT ${COLUMNS} FROM alert_rules WHERE project_id = $1 ORDER BY created_at, rule_id`, values: [projectId] };
}

export function deleteRuleQuery(projectId: string, ruleId: string): SqlQuery {
  return { text: `DELETE FROM alert_rules WHERE project_id = $1 AND rule_id = $2 RETURNING rule_id`, values: [projectId, ruleId] };
}

/** The enabled rules of the given projects (what a batch of facts is evaluated against). */
export function enabledRulesQuery(projectIds: string[]): SqlQuery {
  return { text: `SELECT ${COLUMNS} FROM alert_rules WHERE enabled AND project_id = ANY($1::text[])`, values: [projectIds] };
}

/** Every enabled rule by id (the timer's view). */
export function rulesByIdQuery(ruleIds: string[]): SqlQuery {
  return { text: `SELECT ${COLUMNS} FROM alert_rules WHERE rule_id = ANY($1::text[])`, values: [ruleIds] };
}

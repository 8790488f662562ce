import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, apiFetch } from '../../api/client';
import type { AlertRule, AlertRuleInput } from '../../api/types';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading } from '../../components/Loading';
import { EMPTY_RULE, fieldsFromRule } from '../../core/alert-rules';
import { FiredAlerts } from './FiredAlerts';
import { RuleForm } from './RuleForm';

/** A query API without the alert endpoints answers 404 for the route itself (not for a rule). */
function alertsMissing(error: unknown): boolean {
  return error instanceof ApiError && (error.unreachable || (error.status === 404 && error.message.startsWith('no route')));
}

function rulesOf(body: AlertRule[] | { data: AlertRule[] }): AlertRule[] {
  return Array.isArray(body) ? body : body.data;
}

/** Alert rules (create, edit, mute) and the alerts they fired. */
export function AlertsPage() {
  const client = useQueryClient();
  const [editing, setEditing] = useState<string | null>(null);
  const rules = useQuery({ queryKey: ['alert-rules'], queryFn: async () => rulesOf(await apiFetch<AlertRule[] | { data: AlertRule[] }>('/api/alert-rules')) });
  const refresh = () => void client.invalidateQueries({ queryKey: ['alert-rules'] });
  const create = useMutation({ mutationFn: (rule: AlertRuleInput) => apiFetch<AlertRule>('/api/alert-rules', { method: 'POST', body: rule }), onSuccess: refresh });
  const update = useMutation({
    mutationFn: ({ ruleId, rule }: { ruleId: string; rule: AlertRuleInput }) => apiFetch<AlertRule>(`/api/alert-rules/${encodeURIComponent(ruleId)}`, { method: 'PUT', body: rule }),
    onSuccess: () => {
      setEditing(null);
      refresh();
    },
  });

  if (rules.isPending) return <Loading what="alert rules" />;
  if (rules.isError && alertsMissing(rules.error)) {
    return (
      <section>
        <header className="page-header">
          <h1>Alerts</h1>
        </header>
        <div className="message error" role="alert" data-testid="alerts-unavailable">
          <strong>The alerts service is not reachable.</strong> This query API does not answer <code>/api/alert-rules</code> ({(rules.error as ApiError).code}): alerts are not
          part of this deployment yet, or the service is down.
        </div>
      </section>
    );
  }
  return (
    <section>
      <header className="page-header">
        <h1>Alerts</h1>
      </header>
      {rules.isError && <ErrorMessage error={rules.error} what="alert rules" />}
      <h2 className="section-title">New rule</h2>
      <RuleForm key={create.isSuccess ? create.data.rule_id : 'new'} initial={EMPTY_RULE} submitLabel="Create rule" onSubmit={(rule) => create.mutate(rule)} />
      {create.isError && <ErrorMessage error={create.error} what="rule" action="create the rule" />}
      {update.isError && <ErrorMessage error={update.error} what="rule" action="save the rule" />}
      <h2 className="section-title">Rules</h2>
      {rules.data && rules.data.length === 0 && <p className="message">No rule yet.</p>}
      {rules.data && rules.data.length > 0 && (
        <table className="grid" data-testid="alert-rules">
          <thead>
            <tr>
              <th>Name</th>
              <th>Type</th>
              <th>Scope</th>
              <th className="num">Threshold</th>
              <th>Window</th>
              <th>State</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rules.data.map((rule) =>
              editing === rule.rule_id ? (
                <tr key={rule.rule_id}>
                  <td colSpan={7}>
                    <RuleForm initial={fieldsFromRule(rule)} submitLabel="Save rule" onSubmit={(next) => update.mutate({ ruleId: rule.rule_id, rule: next })} onCancel={() => setEditing(null)} />
                  </td>
                </tr>
              ) : (
                <tr key={rule.rule_id} data-rule-id={rule.rule_id}>
                  <td>{rule.name}</td>
                  <td>{rule.type}</td>
                  <td>{[rule.service, rule.model, rule.tag, rule.user_id].filter(Boolean).join(' / ') || 'all'}</td>
                  <td className="num" data-field="threshold">
                    {rule.threshold}
                    {rule.quality_floor != null && <span className="hint"> · floor {rule.quality_floor}</span>}
                    {rule.quality_threshold != null && <span className="hint"> · quality −{rule.quality_threshold}</span>}
                  </td>
                  <td>{rule.window}</td>
                  <td>{rule.enabled ? <span className="status ok">active</span> : <span className="status degraded">muted</span>}</td>
                  <td>
                    <button type="button" onClick={() => setEditing(rule.rule_id)}>
                      Edit
                    </button>{' '}
                    <button type="button" onClick={() => update.mutate({ ruleId: rule.rule_id, rule: { ...fieldsToInput(rule), enabled: !rule.enabled } })}>
                      {rule.enabled ? 'Mute' : 'Unmute'}
                    </button>
                  </td>
                </tr>
              ),
            )}
          </tbody>
        </table>
      )}
      <h2 className="section-title">Fired alerts</h2>
      <FiredAlerts />
    </section>
  );
}

/** Fields of a rule the API takes back on PUT (it refuses unknown ones such as ids and timestamps); nulls left out. */
const WRITABLE = ['name', 'type', 'service', 'model', 'tag', 'user_id', 'threshold', 'window', 'min_samples', 'quality_floor', 'quality_threshold', 'webhook_url', 'slack_webhook_url', 'enabled'];

function fieldsToInput(rule: AlertRule): AlertRuleInput {
  const source = rule as unknown as Record<string, unknown>;
  return Object.fromEntries(WRITABLE.filter((key) => source[key] !== null && source[key] !== undefined).map((key) => [key, source[key]])) as unknown as AlertRuleInput;
}

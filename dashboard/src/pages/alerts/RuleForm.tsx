import { useState, type FormEvent } from 'react';
import { ALERT_TYPES, type AlertRuleInput, type AlertType } from '../../api/types';
import { THRESHOLD_MEANING, qualityFieldsOf, ruleFromFields, type RuleFields } from '../../core/alert-rules';

const TEXT_FIELDS = [
  ['service', 'Service'],
  ['model', 'Model'],
  ['tag', 'Tag'],
  ['user_id', 'User'],
  ['window', 'Window'],
  ['min_samples', 'Min samples'],
  ['webhook_url', 'Webhook URL'],
  ['slack_webhook_url', 'Slack webhook URL'],
] as const;

/** Create or edit a rule. */
export function RuleForm({ initial, submitLabel, onSubmit, onCancel }: { initial: RuleFields; submitLabel: string; onSubmit: (rule: AlertRuleInput) => void; onCancel?: () => void }) {
  const [fields, setFields] = useState(initial);
  const [problem, setProblem] = useState<string | null>(null);
  const set = (key: keyof RuleFields) => (event: { target: { value: string } }) => setFields({ ...fields, [key]: event.target.value });
  const takes = qualityFieldsOf(fields.type);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const result = ruleFromFields(fields);
    if ('error' in result) return setProblem(result.error);
    setProblem(null);
    onSubmit(result.rule);
  };
  return (
    <form className="form-grid" onSubmit={submit} aria-label={submitLabel}>
      <label>
        Name
        <input name="name" value={fields.name} onChange={set('name')} />
      </label>
      <label>
        Type
        <select name="type" value={fields.type} onChange={set('type')}>
          {ALERT_TYPES.map((type) => (
            <option key={type} value={type}>
              {type}
            </option>
          ))}
        </select>
      </label>
      <label>
        Threshold <span className="hint">{THRESHOLD_MEANING[fields.type as AlertType]}</span>
        <input name="threshold" value={fields.threshold} onChange={set('threshold')} inputMode="decimal" />
      </label>
      {takes.floor && (
        <label>
          Quality floor <span className="hint">alert under this average score (0–1; empty: 0.7)</span>
          <input name="quality_floor" value={fields.quality_floor} onChange={set('quality_floor')} inputMode="decimal" placeholder="0.7" />
        </label>
      )}
      {takes.threshold && (
        <label>
          Quality threshold <span className="hint">fraction of quality decrease (0–1)</span>
          <input name="quality_threshold" value={fields.quality_threshold} onChange={set('quality_threshold')} inputMode="decimal" placeholder="default" />
        </label>
      )}
      {TEXT_FIELDS.map(([key, label]) => (
        <label key={key}>
          {label}
          <input name={key} value={fields[key]} onChange={set(key)} placeholder={key === 'window' ? '1h' : 'any'} />
        </label>
      ))}
      <label>
        Enabled
        <input type="checkbox" name="enabled" checked={fields.enabled} onChange={(event) => setFields({ ...fields, enabled: event.target.checked })} />
      </label>
      <div className="actions">
        <button type="submit">{submitLabel}</button>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        )}
        {problem && <span className="message error">{problem}</span>}
      </div>
    </form>
  );
}

import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '../../api/client';
import type { ReplaySet, RunRequest } from '../../api/types';
import { ErrorMessage } from '../../components/ErrorMessage';
import { runOverrides } from '../../core/replay-results';

const FIELDS = [
  { key: 'provider', label: 'Provider', placeholder: 'same (openai, anthropic)' },
  { key: 'model', label: 'Model', placeholder: 'same' },
  { key: 'temperature', label: 'Temperature', placeholder: 'same' },
  { key: 'max_tokens', label: 'Max tokens', placeholder: 'same' },
  { key: 'concurrency', label: 'Concurrency', placeholder: 'default' },
] as const;

/** Starts a run of the set with the chosen overrides (the replay service runs it in the background). */
export function RunForm({ replayId, disabled }: { replayId: string; disabled: boolean }) {
  const [fields, setFields] = useState<Record<string, string>>({ provider: '', model: '', temperature: '', max_tokens: '', concurrency: '', system_prompt: '', prompt_template: '' });
  const client = useQueryClient();
  const run = useMutation({
    mutationFn: (body: RunRequest) => apiFetch<ReplaySet>('/replay/run', { method: 'POST', body }),
    onSuccess: (set) => {
      client.setQueryData(['replay-set', replayId], set);
      void client.invalidateQueries({ queryKey: ['replay-set', replayId] });
      void client.invalidateQueries({ queryKey: ['replay-diff', replayId] });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    run.mutate({ replay_id: replayId, ...runOverrides(fields) } as RunRequest);
  };
  const set = (key: string) => (event: { target: { value: string } }) => setFields({ ...fields, [key]: event.target.value });
  return (
    <form className="form-grid" onSubmit={submit} aria-label="run the replay">
      {FIELDS.map((field) => (
        <label key={field.key}>
          {field.label}
          <input name={field.key} value={fields[field.key]} onChange={set(field.key)} placeholder={field.placeholder} />
        </label>
      ))}
      <label className="wide">
        System prompt (empty: keep the original)
        <textarea name="system_prompt" rows={2} value={fields.system_prompt} onChange={set('system_prompt')} />
      </label>
      <label className="wide">
        Prompt template ({'{{input}}'} is the original input)
        <input name="prompt_template" value={fields.prompt_template} onChange={set('prompt_template')} placeholder="Answer briefly. {{input}}" />
      </label>
      <div className="actions">
        <button type="submit" disabled={disabled || run.isPending}>
          Run replay
        </button>
      </div>
      {run.isError && (
        <div style={{ gridColumn: '1 / -1' }}>
          <ErrorMessage error={run.error} what="the run" action="start the run" />
        </div>
      )}
    </form>
  );
}
